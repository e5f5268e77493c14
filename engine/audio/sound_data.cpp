#include "audio/sound_data.h"

#include "core/error.h"

#include <cstring>
#include <fmt/format.h>

#define STB_VORBIS_HEADER_ONLY
#include <stb_vorbis.h>

namespace qx::audio {
namespace {

std::uint32_t u32(const std::uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t(p[3]) << 24); }
std::uint16_t u16(const std::uint8_t* p) { return std::uint16_t(p[0] | (p[1] << 8)); }

} // namespace

Pcm decode_wav(const std::vector<std::uint8_t>& b, const std::string& name) {
    auto fail = [&](const std::string& why) { return core::Error(fmt::format("{}: not a usable WAV file ({})", name, why)); };
    if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) != 0 || std::memcmp(b.data() + 8, "WAVE", 4) != 0) {
        throw fail("no RIFF/WAVE header");
    }
    Pcm pcm;
    int bits = 0, format = 0;
    bool have_fmt = false;
    for (std::size_t pos = 12; pos + 8 <= b.size();) {
        std::uint32_t size = u32(&b[pos + 4]);
        const std::uint8_t* body = &b[pos + 8];
        if (pos + 8 + size > b.size()) throw fail("a chunk runs past the end of the file");
        if (std::memcmp(&b[pos], "fmt ", 4) == 0 && size >= 16) {
            format = u16(body);
            pcm.channels = u16(body + 2);
            pcm.rate = int(u32(body + 4));
            bits = u16(body + 14);
            have_fmt = true;
        } else if (std::memcmp(&b[pos], "data", 4) == 0) {
            if (!have_fmt) throw fail("data before format");
            if (format != 1) throw fail(fmt::format("format {} is not PCM", format));
            if (pcm.channels < 1 || pcm.channels > 2) throw fail(fmt::format("{} channels", pcm.channels));
            if (pcm.rate < 8000 || pcm.rate > 192000) throw fail(fmt::format("sample rate {}", pcm.rate));
            if (bits == 16) {
                pcm.samples.resize(size / 2);
                std::memcpy(pcm.samples.data(), body, pcm.samples.size() * 2);
            } else if (bits == 8) {
                pcm.samples.resize(size);
                for (std::size_t i = 0; i < size; ++i) pcm.samples[i] = std::int16_t((int(body[i]) - 128) << 8);
            } else {
                throw fail(fmt::format("{}-bit samples", bits));
            }
            return pcm;
        }
        pos += 8 + size + (size & 1);
    }
    throw fail("no data chunk");
}

Pcm decode_ogg(const std::vector<std::uint8_t>& bytes, const std::string& name) {
    int channels = 0, rate = 0;
    short* out = nullptr;
    int frames = stb_vorbis_decode_memory(bytes.data(), int(bytes.size()), &channels, &rate, &out);
    if (frames < 0 || !out) throw core::Error(name + ": not a readable Ogg Vorbis file");
    Pcm pcm;
    pcm.rate = rate;
    pcm.channels = channels;
    pcm.samples.assign(out, out + std::size_t(frames) * std::size_t(channels));
    std::free(out);
    return pcm;
}

OggStream::OggStream(std::shared_ptr<const std::vector<std::uint8_t>> bytes, const std::string& name)
    : m_bytes(std::move(bytes)) {
    int error = 0;
    m_vorbis = stb_vorbis_open_memory(m_bytes->data(), int(m_bytes->size()), &error, nullptr);
    if (!m_vorbis) throw core::Error(fmt::format("{}: not a readable Ogg Vorbis file (stb_vorbis error {})", name, error));
    stb_vorbis_info info = stb_vorbis_get_info(m_vorbis);
    m_rate = int(info.sample_rate);
    m_channels = std::min(info.channels, 2);
}

OggStream::~OggStream() {
    if (m_vorbis) stb_vorbis_close(m_vorbis);
}

std::size_t OggStream::read(std::int16_t* out, std::size_t frames, bool loop) {
    std::size_t done = 0;
    while (done < frames) {
        int got = stb_vorbis_get_samples_short_interleaved(m_vorbis, m_channels, out + done * std::size_t(m_channels),
                                                           int((frames - done) * std::size_t(m_channels)));
        if (got > 0) {
            done += std::size_t(got);
            continue;
        }
        if (!loop) break;
        stb_vorbis_seek_start(m_vorbis);
    }
    return done;
}

} // namespace qx::audio
