// Synthesised sounds: every cue sound, ambience loop and the KTV music, made from oscillators,
// filtered noise and envelopes. Loops are crossfaded end into start so they repeat without a click.
#include "generator.h"

#include "core/error.h"

#include <cmath>
#include <cstring>
#include <vorbis/vorbisenc.h>

namespace qx::assetgen {
namespace {

constexpr int k_rate = 44100;
constexpr float k_pi = 3.14159265358979f;

// xorshift32: the same numbers everywhere.
class Noise {
public:
    explicit Noise(std::uint32_t seed) : m_state(seed ? seed : 1u) {}
    float white() { return float(next() & 0xffffff) / 8388608.0f - 1.0f; }
    float uniform() { return float(next() & 0xffffff) / 16777216.0f; }

private:
    std::uint32_t next() {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 17;
        m_state ^= m_state << 5;
        return m_state;
    }
    std::uint32_t m_state;
};

// RBJ biquad band-pass (constant peak gain).
struct BandPass {
    float b0 = 0, b2 = 0, a1 = 0, a2 = 0, x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    BandPass(float freq, float q) { set(freq, q); }
    void set(float freq, float q) {
        float w = 2.0f * k_pi * freq / float(k_rate), alpha = std::sin(w) / (2.0f * q), a0 = 1.0f + alpha;
        b0 = alpha / a0;
        b2 = -alpha / a0;
        a1 = -2.0f * std::cos(w) / a0;
        a2 = (1.0f - alpha) / a0;
    }
    float operator()(float x) {
        float y = b0 * x + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        return y;
    }
};

struct LowPass {
    float a, y = 0;
    explicit LowPass(float freq) : a(1.0f - std::exp(-2.0f * k_pi * freq / float(k_rate))) {}
    float operator()(float x) { return y += a * (x - y); }
};

using Buffer = std::vector<float>;

Buffer make(float seconds) { return Buffer(std::size_t(seconds * float(k_rate)), 0.0f); }

void normalise(Buffer& b, float peak) {
    float m = 1e-9f;
    for (float s : b) m = std::max(m, std::abs(s));
    for (float& s : b) s *= peak / m;
}

// Fades the last `fade` seconds into the first, then drops the tail: a seamless loop.
void make_loop(Buffer& b, float fade) {
    std::size_t n = std::size_t(fade * float(k_rate));
    std::size_t body = b.size() - n;
    for (std::size_t i = 0; i < n; ++i) {
        float w = float(i) / float(n);
        b[i] = b[i] * w + b[body + i] * (1.0f - w);
    }
    b.resize(body);
}

std::vector<std::uint8_t> wav(const std::vector<Buffer>& channels) {
    std::size_t frames = channels[0].size();
    std::uint16_t ch = std::uint16_t(channels.size());
    std::uint32_t data = std::uint32_t(frames * ch * 2);
    std::vector<std::uint8_t> out(44 + data);
    auto put32 = [&](std::size_t at, std::uint32_t v) { std::memcpy(&out[at], &v, 4); };
    auto put16 = [&](std::size_t at, std::uint16_t v) { std::memcpy(&out[at], &v, 2); };
    std::memcpy(&out[0], "RIFF", 4);
    put32(4, 36 + data);
    std::memcpy(&out[8], "WAVEfmt ", 8);
    put32(16, 16);
    put16(20, 1);
    put16(22, ch);
    put32(24, k_rate);
    put32(28, k_rate * ch * 2);
    put16(32, std::uint16_t(ch * 2));
    put16(34, 16);
    std::memcpy(&out[36], "data", 4);
    put32(40, data);
    std::size_t p = 44;
    for (std::size_t i = 0; i < frames; ++i) {
        for (const Buffer& c : channels) {
            auto v = std::int16_t(std::lround(std::clamp(c[i], -1.0f, 1.0f) * 32767.0f));
            std::memcpy(&out[p], &v, 2);
            p += 2;
        }
    }
    return out;
}

std::vector<std::uint8_t> ogg(const Buffer& left, const Buffer& right, float quality) {
    vorbis_info vi;
    vorbis_info_init(&vi);
    QX_ENSURE(vorbis_encode_init_vbr(&vi, 2, k_rate, quality) == 0, "vorbis encoder set-up failed");
    vorbis_comment vc;
    vorbis_comment_init(&vc);
    vorbis_comment_add_tag(&vc, "ENCODER", "qingxing tools/assetgen");
    vorbis_dsp_state vd;
    vorbis_block vb;
    vorbis_analysis_init(&vd, &vi);
    vorbis_block_init(&vd, &vb);
    ogg_stream_state os;
    ogg_stream_init(&os, 0x51584700); // a fixed serial number keeps the bytes reproducible
    std::vector<std::uint8_t> out;
    auto flush_page = [&](ogg_page& og) {
        out.insert(out.end(), og.header, og.header + og.header_len);
        out.insert(out.end(), og.body, og.body + og.body_len);
    };
    ogg_packet header, comments, codebooks;
    vorbis_analysis_headerout(&vd, &vc, &header, &comments, &codebooks);
    ogg_stream_packetin(&os, &header);
    ogg_stream_packetin(&os, &comments);
    ogg_stream_packetin(&os, &codebooks);
    ogg_page og;
    while (ogg_stream_flush(&os, &og)) flush_page(og);
    const std::size_t chunk = 4096;
    bool eos = false;
    for (std::size_t pos = 0; !eos;) {
        std::size_t n = std::min(chunk, left.size() - pos);
        if (n == 0) {
            vorbis_analysis_wrote(&vd, 0);
        } else {
            float** buf = vorbis_analysis_buffer(&vd, int(n));
            for (std::size_t i = 0; i < n; ++i) {
                buf[0][i] = left[pos + i];
                buf[1][i] = right[pos + i];
            }
            vorbis_analysis_wrote(&vd, int(n));
            pos += n;
        }
        while (vorbis_analysis_blockout(&vd, &vb) == 1) {
            vorbis_analysis(&vb, nullptr);
            vorbis_bitrate_addblock(&vb);
            ogg_packet op;
            while (vorbis_bitrate_flushpacket(&vd, &op)) {
                ogg_stream_packetin(&os, &op);
                while (ogg_stream_pageout(&os, &og)) {
                    flush_page(og);
                    if (ogg_page_eos(&og)) eos = true;
                }
            }
        }
        if (n == 0 && !eos) {
            while (ogg_stream_flush(&os, &og)) flush_page(og);
            eos = true;
        }
    }
    ogg_stream_clear(&os);
    vorbis_block_clear(&vb);
    vorbis_dsp_clear(&vd);
    vorbis_comment_clear(&vc);
    vorbis_info_clear(&vi);
    return out;
}

// ---------------------------------------------------------------------------- the sounds

Buffer lighter_click(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(0.9f);
    BandPass click(3200.0f, 3.0f), hiss(6000.0f, 0.7f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float t = float(i) / k_rate;
        float strike = std::exp(-t * 180.0f) * click(n.white()) * 2.5f;               // the flint wheel
        float spark = t > 0.01f && t < 0.05f ? n.white() * (n.uniform() > 0.97f ? 1.0f : 0.0f) : 0.0f;
        float gas = t > 0.03f ? hiss(n.white()) * 0.25f * std::min((t - 0.03f) * 20.0f, 1.0f) * std::exp(-(t - 0.03f) * 2.5f) : 0.0f;
        b[i] = strike + spark * 0.6f + gas;
    }
    normalise(b, 0.8f);
    return b;
}

Buffer foil_sizzle(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(4.5f);
    BandPass crackle(4500.0f, 1.2f), hiss(2500.0f, 0.8f);
    LowPass slow(2.0f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float bed = hiss(n.white()) * 0.25f * (0.6f + 0.8f * std::abs(slow(n.white())) * 5.0f);
        float pop = n.uniform() > 0.9985f ? 1.0f : 0.0f;
        b[i] = bed + crackle(pop * 3.0f + n.white() * 0.05f);
    }
    make_loop(b, 0.5f);
    normalise(b, 0.6f);
    return b;
}

Buffer pipe_bubble(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(4.5f);
    // Bubbles: short damped sines whose pitch rises as each bubble rises.
    float next = 0.0f;
    for (float t0 = 0.0f; t0 < 4.3f; t0 = next) {
        next = t0 + 0.05f + n.uniform() * 0.18f;
        float f0 = 180.0f + n.uniform() * 260.0f, amp = 0.4f + n.uniform() * 0.6f;
        std::size_t start = std::size_t(t0 * k_rate);
        for (std::size_t i = 0; i < std::size_t(0.08f * k_rate) && start + i < b.size(); ++i) {
            float t = float(i) / k_rate;
            float f = f0 * (1.0f + t * 6.0f);
            b[start + i] += std::sin(2.0f * k_pi * f * t) * std::exp(-t * 45.0f) * amp;
        }
    }
    LowPass lp(1800.0f);
    for (float& s : b) s = lp(s);
    make_loop(b, 0.3f);
    normalise(b, 0.6f);
    return b;
}

Buffer phone_buzz(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(2.2f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float t = float(i) / k_rate;
        // Two buzzes of the vibration motor rattling on a table, then a two-note chime.
        bool on = (t < 0.45f) || (t > 0.65f && t < 1.1f);
        float motor = on ? (std::sin(2.0f * k_pi * 165.0f * t) > 0.0f ? 1.0f : -1.0f) * 0.35f + n.white() * 0.15f : 0.0f;
        float chime = 0.0f;
        if (t > 1.25f) {
            float tc = t - 1.25f;
            float f = tc < 0.18f ? 1318.5f : 1760.0f;
            float tt = tc < 0.18f ? tc : tc - 0.18f;
            chime = std::sin(2.0f * k_pi * f * tt) * std::exp(-tt * 6.0f) * 0.5f;
        }
        b[i] = motor + chime;
    }
    LowPass lp(4000.0f);
    for (float& s : b) s = lp(s);
    normalise(b, 0.8f);
    return b;
}

Buffer door_knock(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(1.6f);
    BandPass body(140.0f, 4.0f), wood(900.0f, 2.0f);
    for (float at : {0.0f, 0.28f, 0.56f}) {
        std::size_t start = std::size_t(at * k_rate);
        for (std::size_t i = 0; i < std::size_t(0.25f * k_rate); ++i) {
            float t = float(i) / k_rate;
            float hit = n.white() * std::exp(-t * 90.0f);
            b[start + i] += body(hit * 8.0f) * 1.5f + wood(hit) * 0.8f;
        }
    }
    normalise(b, 0.85f);
    return b;
}

Buffer crowd_murmur(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(8.5f);
    // Several "voices": noise through vowel-like formants whose pitch and loudness wander.
    for (int v = 0; v < 6; ++v) {
        BandPass f1(400.0f + 100.0f * float(v), 5.0f), f2(1200.0f + 150.0f * float(v), 6.0f);
        LowPass envelope(3.0f);
        float pitch = 110.0f + 40.0f * float(v);
        float phase = 0.0f;
        for (std::size_t i = 0; i < b.size(); ++i) {
            float t = float(i) / k_rate;
            phase += 2.0f * k_pi * pitch * (1.0f + 0.05f * std::sin(t * (1.3f + float(v) * 0.4f))) / k_rate;
            float glottal = std::sin(phase) + 0.5f * std::sin(2.0f * phase) + n.white() * 0.3f;
            float syllables = std::max(0.0f, envelope(n.white() * 6.0f) + 0.1f);
            f1.set(400.0f + 300.0f * (0.5f + 0.5f * std::sin(t * 5.3f + float(v))), 5.0f);
            b[i] += (f1(glottal) + f2(glottal) * 0.6f) * syllables;
        }
    }
    LowPass lp(3000.0f);
    for (float& s : b) s = lp(s);
    make_loop(b, 0.5f);
    normalise(b, 0.5f);
    return b;
}

Buffer street_ambience(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(10.5f);
    LowPass rumble(90.0f), traffic(0.3f);
    BandPass hum(120.0f, 8.0f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float t = float(i) / k_rate;
        float swell = 0.6f + 0.4f * std::sin(t * 0.6f) * std::sin(t * 0.23f + 1.0f);
        b[i] = rumble(n.white()) * 6.0f * swell + hum(n.white()) * 0.4f;
        // A distant horn.
        if (t > 6.0f && t < 6.35f) b[i] += 0.05f * std::sin(2.0f * k_pi * 440.0f * t) * std::sin(k_pi * (t - 6.0f) / 0.35f);
    }
    make_loop(b, 0.5f);
    normalise(b, 0.5f);
    return b;
}

Buffer motorbike_pass(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(4.0f);
    float phase = 0.0f;
    LowPass lp(1500.0f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float t = float(i) / k_rate;
        float x = (t - 2.0f) * 12.0f; // passes at 12 m/s, 4 m away
        float dist = std::sqrt(x * x + 16.0f);
        float doppler = 343.0f / (343.0f + 12.0f * x / dist);
        phase += 2.0f * k_pi * 38.0f * doppler / k_rate;
        float engine = std::sin(phase) + 0.6f * std::sin(2.0f * phase) + 0.4f * std::sin(3.0f * phase) + n.white() * 0.4f;
        b[i] = lp(engine) * 4.0f / dist;
    }
    normalise(b, 0.7f);
    return b;
}

Buffer fluorescent_hum(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(2.5f);
    BandPass buzz(3000.0f, 3.0f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float t = float(i) / k_rate;
        b[i] = 0.5f * std::sin(2.0f * k_pi * 100.0f * t) + 0.25f * std::sin(2.0f * k_pi * 200.0f * t) + buzz(n.white()) * 0.15f;
    }
    make_loop(b, 0.2f);
    normalise(b, 0.3f);
    return b;
}

Buffer water_stream(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(8.5f);
    BandPass bright(1800.0f, 0.9f), low(400.0f, 0.7f);
    LowPass flutter(8.0f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float mod = 0.6f + 0.4f * std::tanh(flutter(n.white()) * 8.0f);
        b[i] = (bright(n.white()) * 0.5f + low(n.white()) * 0.8f) * mod;
        if (n.uniform() > 0.9993f) b[i] += 0.6f; // a drop
    }
    make_loop(b, 0.5f);
    normalise(b, 0.45f);
    return b;
}

Buffer wind_bamboo(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(8.5f);
    BandPass gust(700.0f, 0.6f), leaves(5000.0f, 1.5f);
    LowPass slow(0.4f);
    for (std::size_t i = 0; i < b.size(); ++i) {
        float t = float(i) / k_rate;
        float strength = 0.5f + 0.5f * std::sin(t * 0.7f) * std::sin(t * 0.31f + 2.0f);
        b[i] = gust(n.white()) * 0.6f * strength + leaves(n.white()) * 0.2f * strength * strength;
    }
    // Two hollow bamboo knocks.
    for (float at : {2.3f, 5.9f}) {
        std::size_t start = std::size_t(at * k_rate);
        for (std::size_t i = 0; i < std::size_t(0.4f * k_rate); ++i) {
            float t = float(i) / k_rate;
            b[start + i] += 0.35f * (std::sin(2.0f * k_pi * 520.0f * t) + 0.5f * std::sin(2.0f * k_pi * 1310.0f * t)) * std::exp(-t * 18.0f);
        }
    }
    (void)slow;
    make_loop(b, 0.5f);
    normalise(b, 0.4f);
    return b;
}

Buffer chime(std::uint32_t) {
    Buffer b = make(4.0f);
    const float partials[] = {1.0f, 2.76f, 5.4f, 8.93f};
    for (std::size_t i = 0; i < b.size(); ++i) {
        float t = float(i) / k_rate;
        float s = 0.0f;
        for (int k = 0; k < 4; ++k) s += std::sin(2.0f * k_pi * 880.0f * partials[k] * t) * std::exp(-t * (1.2f + float(k) * 1.5f)) / float(k + 1);
        b[i] = s;
    }
    normalise(b, 0.5f);
    return b;
}

Buffer room_tone(std::uint32_t seed) {
    Noise n(seed);
    Buffer b = make(6.5f);
    LowPass lp(300.0f);
    BandPass hvac(180.0f, 2.0f);
    for (float& s : b) s = lp(n.white()) * 2.0f + hvac(n.white()) * 0.3f;
    make_loop(b, 0.5f);
    normalise(b, 0.2f);
    return b;
}

// A 32-second karaoke backing track in A minor at 96 bpm: drums, bass, pads and a lead line.
void ktv_music(std::uint32_t seed, Buffer& left, Buffer& right) {
    Noise n(seed);
    const float bpm = 96.0f, beat = 60.0f / bpm, seconds = 32.0f * beat; // 8 bars of 4
    left = make(seconds + 1.0f);
    right = make(seconds + 1.0f);
    auto midi = [](float note) { return 440.0f * std::pow(2.0f, (note - 69.0f) / 12.0f); };
    const float chords[4][3] = {{57, 60, 64}, {53, 57, 60}, {48, 52, 55}, {55, 59, 62}}; // Am F C G
    const float bass[4] = {45, 41, 48, 43};
    const float melody[32] = {76, 74, 72, 72, 74, 76, 79, 76, 77, 76, 74, 72, 72, 69, 72, 74,
                              76, 76, 79, 81, 79, 76, 74, 72, 74, 74, 72, 71, 72, 0, 69, 0};
    BandPass snare_tone(1800.0f, 0.8f);
    for (std::size_t i = 0; i < left.size(); ++i) {
        float t = float(i) / k_rate;
        float bt = std::fmod(t, seconds);
        int beat_index = int(bt / beat);
        float in_beat = bt - float(beat_index) * beat;
        int bar = (beat_index / 4) % 4;
        float kick = (beat_index % 2 == 0) ? std::sin(2.0f * k_pi * (50.0f + 80.0f * std::exp(-in_beat * 30.0f)) * in_beat) * std::exp(-in_beat * 9.0f) : 0.0f;
        float snare = (beat_index % 2 == 1) ? snare_tone(n.white()) * std::exp(-in_beat * 14.0f) * 1.2f : 0.0f;
        float half = std::fmod(in_beat, beat * 0.5f);
        float hat = n.white() * std::exp(-half * 60.0f) * 0.15f;
        float bass_f = midi(bass[bar]);
        float bass_v = (std::fmod(bass_f * t, 1.0f) * 2.0f - 1.0f) * 0.25f * std::exp(-std::fmod(in_beat, beat * 0.5f) * 3.0f);
        float pad = 0.0f;
        for (float note : chords[bar]) pad += std::sin(2.0f * k_pi * midi(note) * t) + 0.3f * std::sin(4.0f * k_pi * midi(note) * t);
        pad *= 0.06f;
        float lead = 0.0f;
        float m = melody[beat_index % 32];
        if (m > 0.0f) {
            float f = midi(m) * (1.0f + 0.004f * std::sin(t * 30.0f));
            float env = std::min(in_beat * 30.0f, 1.0f) * std::exp(-in_beat * 1.5f);
            lead = (std::sin(2.0f * k_pi * f * t) + 0.4f * std::sin(4.0f * k_pi * f * t)) * 0.16f * env;
        }
        float mono = kick * 0.6f + snare * 0.25f + bass_v;
        left[i] = mono + pad * 1.1f + lead * 0.8f + hat * 0.7f;
        right[i] = mono + pad * 0.9f + lead * 1.0f + hat * 1.2f;
    }
    make_loop(left, 1.0f);
    make_loop(right, 1.0f);
    float peak = 1e-6f;
    for (std::size_t i = 0; i < left.size(); ++i) peak = std::max({peak, std::abs(left[i]), std::abs(right[i])});
    for (std::size_t i = 0; i < left.size(); ++i) {
        left[i] *= 0.8f / peak;
        right[i] *= 0.8f / peak;
    }
}

} // namespace

void generate_sounds(Output& out) {
    auto mono = [&](const char* name, Buffer b, const char* what) { out.file(std::string("sounds/") + name + ".wav", wav({b}), what); };
    mono("lighter_click", lighter_click(out.seed_for("lighter_click")), "lighter: flint wheel click and gas hiss (cue)");
    {
        // The lighter flicked every 7 seconds, as a loop: a cue that keeps coming back.
        Buffer click = lighter_click(out.seed_for("lighter_click"));
        Buffer loop = make(7.0f);
        for (std::size_t i = 0; i < click.size(); ++i) loop[std::size_t(0.3f * k_rate) + i] = click[i];
        mono("lighter_flick_loop", loop, "lighter flicked every 7 s, loop (cue)");
    }
    mono("foil_sizzle", foil_sizzle(out.seed_for("foil_sizzle")), "foil being heated: crackle and hiss, loop (cue)");
    mono("pipe_bubble", pipe_bubble(out.seed_for("pipe_bubble")), "water pipe bubbling, loop (cue)");
    mono("phone_buzz", phone_buzz(out.seed_for("phone_buzz")), "phone vibrating on a table, then a message chime (cue)");
    mono("door_knock", door_knock(out.seed_for("door_knock")), "three knocks on a wooden door (cue)");
    mono("crowd_murmur", crowd_murmur(out.seed_for("crowd_murmur")), "people talking in a room, loop");
    mono("street_ambience", street_ambience(out.seed_for("street_ambience")), "night street: traffic rumble and hum, loop");
    mono("motorbike_pass", motorbike_pass(out.seed_for("motorbike_pass")), "a motorbike passing by");
    mono("fluorescent_hum", fluorescent_hum(out.seed_for("fluorescent_hum")), "failing fluorescent tube hum, loop");
    mono("water_stream", water_stream(out.seed_for("water_stream")), "a gentle stream, loop (calm room)");
    mono("wind_bamboo", wind_bamboo(out.seed_for("wind_bamboo")), "wind in bamboo with hollow knocks, loop (calm room)");
    mono("chime", chime(out.seed_for("chime")), "a single wind chime");
    mono("room_tone", room_tone(out.seed_for("room_tone")), "quiet room tone, loop (gallery)");
    Buffer l, r;
    ktv_music(out.seed_for("ktv_music"), l, r);
    out.file("sounds/ktv_music.ogg", ogg(l, r, 0.3f), "karaoke backing track, 20 s loop, Ogg Vorbis (streamed)");
}

} // namespace qx::assetgen
