#pragma once

#include "ui/canvas.h"

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qx::ui {

// A TrueType/OpenType font (or one face of a .ttc collection) drawn with stb_truetype. Text is
// UTF-8; glyphs are rasterised once per size and cached.
class Font {
public:
    // Loads `path`; in a collection, the face whose name contains `face_name` (the first face when
    // none does). Throws core::Error naming the file when it cannot be read or parsed.
    static Font load(const std::filesystem::path& path, std::string_view face_name);
    // Noto Sans CJK SC from the fonts-noto-cjk package, or $QINGXING_FONT. Throws core::Error with
    // the package to install when neither is there.
    static Font load_cjk();

    Font(Font&&) noexcept;
    Font& operator=(Font&&) noexcept;
    ~Font();

    // Width of `text` in pixels at `px` (the font's ascent-to-descent height).
    double measure(std::string_view text, double px) const;
    double ascent(double px) const;
    // Splits `text` into lines no wider than `width` at `px`: between words for English, between
    // characters for Chinese (which has no spaces).
    std::vector<std::string> wrap(std::string_view text, double px, double width) const;
    // Draws `text` with its baseline at `baseline_y`, starting at `x`; returns the advance.
    double draw(Canvas& canvas, double x, double baseline_y, std::string_view text, double px, Color c) const;
    // Draws `text` centred on (cx, middle of the text's height).
    void draw_centred(Canvas& canvas, double cx, double cy, std::string_view text, double px, Color c) const;
    // Draws `text` ending at `right_x`.
    void draw_right(Canvas& canvas, double right_x, double baseline_y, std::string_view text, double px,
                    Color c) const;

    const std::string& face() const;
    // The whole font file and the chosen face's index in it (for another rasteriser: the panel's).
    std::span<const unsigned char> file_data() const;
    int face_index() const;

private:
    struct Impl;
    explicit Font(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The next code point of UTF-8 `text` at `pos` (advancing `pos`); U+FFFD for a bad sequence.
char32_t next_code_point(std::string_view text, std::size_t& pos);

} // namespace qx::ui
