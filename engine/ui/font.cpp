#include "ui/font.h"

#include "core/error.h"
#include "core/file.h"
#include "core/platform.h"

#include <cmath>
#include <fmt/format.h>
#include <map>
#include <stb_truetype.h>
#include <vector>

namespace qx::ui {
namespace {

// Where Debian's fonts-noto-cjk puts the collection (and older layouts of it).
constexpr const char* k_cjk_paths[] = {
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
};

struct Glyph {
    int x0 = 0, y0 = 0; // bitmap offset from the pen position (y down)
    int w = 0, h = 0;
    std::vector<unsigned char> alpha;
};

// A face's English full name (name id 4), from the Windows Unicode name table.
std::string face_name_of(const stbtt_fontinfo& info) {
    int len = 0;
    const char* s = stbtt_GetFontNameString(&info, &len, STBTT_PLATFORM_ID_MICROSOFT,
                                            STBTT_MS_EID_UNICODE_BMP, STBTT_MS_LANG_ENGLISH, 4);
    std::string name;
    for (int i = 1; s && i < len; i += 2)
        name += s[i]; // UTF-16BE; these names are ASCII
    return name;
}

} // namespace

char32_t next_code_point(std::string_view text, std::size_t& pos) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char b0 = byte(pos);
    int extra = b0 < 0x80 ? 0 : (b0 >> 5) == 0x6 ? 1 : (b0 >> 4) == 0xE ? 2 : (b0 >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || pos + extra >= text.size() + (extra == 0 ? 1 : 0)) {
        pos += 1;
        return U'\uFFFD';
    }
    char32_t cp = extra == 0 ? b0 : b0 & (0x3F >> extra);
    for (int i = 1; i <= extra; ++i) {
        unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80) {
            pos += 1;
            return U'\uFFFD';
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    pos += 1 + extra;
    return cp;
}

struct Font::Impl {
    std::vector<unsigned char> data;
    stbtt_fontinfo info{};
    std::string face;
    int face_index = 0;
    int ascent = 0, descent = 0, line_gap = 0;
    mutable std::map<std::pair<char32_t, int>, Glyph> glyphs; // (code point, size in 1/4 px)

    float scale(double px) const { return stbtt_ScaleForPixelHeight(&info, static_cast<float>(px)); }

    const Glyph& glyph(char32_t cp, double px) const {
        auto key = std::make_pair(cp, static_cast<int>(std::lround(px * 4)));
        auto it = glyphs.find(key);
        if (it != glyphs.end()) return it->second;
        Glyph g;
        float s = scale(px);
        int x1 = 0, y1 = 0;
        stbtt_GetCodepointBitmapBox(&info, static_cast<int>(cp), s, s, &g.x0, &g.y0, &x1, &y1);
        g.w = std::max(0, x1 - g.x0);
        g.h = std::max(0, y1 - g.y0);
        g.alpha.resize(static_cast<std::size_t>(g.w) * static_cast<std::size_t>(g.h));
        if (g.w > 0 && g.h > 0) {
            stbtt_MakeCodepointBitmap(&info, g.alpha.data(), g.w, g.h, g.w, s, s, static_cast<int>(cp));
        }
        return glyphs.emplace(key, std::move(g)).first->second;
    }
};

Font::Font(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Font::Font(Font&&) noexcept = default;
Font& Font::operator=(Font&&) noexcept = default;
Font::~Font() = default;

Font Font::load(const std::filesystem::path& path, std::string_view face_name) {
    auto impl = std::make_unique<Impl>();
    impl->data = core::read_binary_file(path);
    const unsigned char* data = impl->data.data();
    int faces = stbtt_GetNumberOfFonts(data);
    QX_ENSURE(faces > 0, "{} is not a TrueType or OpenType font", core::display_path(path));
    int chosen = 0;
    for (int i = 0; i < faces; ++i) {
        stbtt_fontinfo info{};
        if (!stbtt_InitFont(&info, data, stbtt_GetFontOffsetForIndex(data, i))) continue;
        if (face_name_of(info).find(face_name) != std::string::npos) {
            chosen = i;
            break;
        }
    }
    QX_ENSURE(stbtt_InitFont(&impl->info, data, stbtt_GetFontOffsetForIndex(data, chosen)),
              "cannot read face {} of the font {}", chosen, core::display_path(path));
    impl->face = face_name_of(impl->info);
    impl->face_index = chosen;
    stbtt_GetFontVMetrics(&impl->info, &impl->ascent, &impl->descent, &impl->line_gap);
    return Font(std::move(impl));
}

Font Font::load_cjk() {
    if (auto env = core::env("QINGXING_FONT")) return load(core::utf8_path(*env), "SC");
    std::error_code ec;
    // An installed copy carries the font in its data folder (the Windows package does).
    if (auto shipped = core::data_root() / "fonts" / "NotoSansCJK-Regular.ttc"; std::filesystem::exists(shipped, ec))
        return load(shipped, "Noto Sans CJK SC");
    for (const char* p : k_cjk_paths) {
        if (std::filesystem::exists(p, ec)) return load(p, "Noto Sans CJK SC");
    }
    throw core::Error(
        "no Chinese font found for the report charts (looked for NotoSansCJK-Regular.ttc)",
        "install the Debian package fonts-noto-cjk (tools/setup does), or set QINGXING_FONT to a "
        ".ttf/.ttc with Chinese glyphs");
}

const std::string& Font::face() const {
    return m_impl->face;
}

std::span<const unsigned char> Font::file_data() const {
    return m_impl->data;
}

int Font::face_index() const {
    return m_impl->face_index;
}

double Font::ascent(double px) const {
    return m_impl->ascent * m_impl->scale(px);
}

double Font::measure(std::string_view text, double px) const {
    float s = m_impl->scale(px);
    double width = 0;
    std::size_t pos = 0;
    char32_t previous = 0;
    while (pos < text.size()) {
        char32_t cp = next_code_point(text, pos);
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(&m_impl->info, static_cast<int>(cp), &advance, &bearing);
        if (previous)
            width += s * stbtt_GetCodepointKernAdvance(&m_impl->info, static_cast<int>(previous),
                                                       static_cast<int>(cp));
        width += s * advance;
        previous = cp;
    }
    return width;
}

double Font::draw(Canvas& canvas, double x, double baseline_y, std::string_view text, double px,
                  Color c) const {
    float s = m_impl->scale(px);
    double pen = x;
    std::size_t pos = 0;
    char32_t previous = 0;
    const int base = static_cast<int>(std::lround(baseline_y));
    while (pos < text.size()) {
        char32_t cp = next_code_point(text, pos);
        if (previous)
            pen += s * stbtt_GetCodepointKernAdvance(&m_impl->info, static_cast<int>(previous),
                                                     static_cast<int>(cp));
        const Glyph& g = m_impl->glyph(cp, px);
        const int left = static_cast<int>(std::lround(pen));
        for (int gy = 0; gy < g.h; ++gy) {
            for (int gx = 0; gx < g.w; ++gx) {
                unsigned char a = g.alpha[static_cast<std::size_t>(gy) * g.w + gx];
                if (a) canvas.blend(left + g.x0 + gx, base + g.y0 + gy, c, a / 255.0);
            }
        }
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(&m_impl->info, static_cast<int>(cp), &advance, &bearing);
        pen += s * advance;
        previous = cp;
    }
    return pen - x;
}

void Font::draw_centred(Canvas& canvas, double cx, double cy, std::string_view text, double px,
                        Color c) const {
    double w = measure(text, px);
    // Centre on the cap height (about 0.72 of the ascent for CJK fonts' Latin and Han alike).
    draw(canvas, cx - w / 2, cy + ascent(px) * 0.36, text, px, c);
}

void Font::draw_right(Canvas& canvas, double right_x, double baseline_y, std::string_view text, double px,
                      Color c) const {
    draw(canvas, right_x - measure(text, px), baseline_y, text, px, c);
}

std::vector<std::string> Font::wrap(std::string_view text, double px, double width) const {
    std::vector<std::string> lines;
    std::string line, word;
    auto flush_word = [&] {
        if (word.empty()) return;
        std::string trial = line.empty() ? word : line + word;
        if (!line.empty() && measure(trial, px) > width) {
            while (!line.empty() && line.back() == ' ') line.pop_back();
            lines.push_back(line);
            line = word[0] == ' ' ? word.substr(1) : word;
        } else {
            line = trial;
        }
        word.clear();
    };
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t start = pos;
        char32_t cp = next_code_point(text, pos);
        std::string ch = std::string(text.substr(start, pos - start));
        if (cp == ' ') {
            flush_word();
            word.assign(1, ' ');  // not `= " "`: GCC 12 -O2 misreports -Wrestrict on it
        } else if (cp >= 0x2E80) {
            // A CJK character (or full-width punctuation) is a word of its own.
            flush_word();
            word = ch;
            flush_word();
        } else {
            word += ch;
        }
    }
    flush_word();
    if (!line.empty()) lines.push_back(line);
    return lines;
}

} // namespace qx::ui
