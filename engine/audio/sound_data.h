#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct stb_vorbis; // stb's decoder, declared at global scope by <stb_vorbis.h>

namespace qx::audio {

// Decoded 16-bit PCM.
struct Pcm {
    int rate = 44100;
    int channels = 1;
    std::vector<std::int16_t> samples; // interleaved
    double seconds() const { return channels ? double(samples.size()) / channels / rate : 0.0; }
};

// Decodes a RIFF/WAVE file (PCM 8 or 16 bit, mono or stereo); throws core::Error naming `name`.
Pcm decode_wav(const std::vector<std::uint8_t>& bytes, const std::string& name);
// Decodes a whole Ogg Vorbis file (short sounds); throws core::Error naming `name`.
Pcm decode_ogg(const std::vector<std::uint8_t>& bytes, const std::string& name);

// Decodes Ogg Vorbis a little at a time from compressed bytes kept in memory: long music
// takes kilobytes, not megabytes, and nothing touches the disk while it plays.
class OggStream {
public:
    OggStream(std::shared_ptr<const std::vector<std::uint8_t>> bytes, const std::string& name);
    ~OggStream();
    OggStream(const OggStream&) = delete;
    OggStream& operator=(const OggStream&) = delete;

    int rate() const { return m_rate; }
    int channels() const { return m_channels; }
    // Fills up to `frames` frames; with `loop`, wraps to the start. Returns the frames written.
    std::size_t read(std::int16_t* out, std::size_t frames, bool loop);

private:
    std::shared_ptr<const std::vector<std::uint8_t>> m_bytes;
    ::stb_vorbis* m_vorbis = nullptr;
    int m_rate = 44100;
    int m_channels = 2;
};

} // namespace qx::audio
