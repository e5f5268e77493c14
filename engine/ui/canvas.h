#pragma once

#include "scene/image.h"

#include <cstdint>
#include <span>
#include <vector>

namespace qx::ui {

struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;

    Color with_alpha(std::uint8_t alpha) const { return {r, g, b, alpha}; }
};

struct Point {
    double x = 0, y = 0;
};

// An RGBA image that charts are drawn on. Coordinates are pixels with (0,0) the top-left corner
// of the top-left pixel; shapes are anti-aliased by their exact coverage (distance to the edge),
// so thin lines and small markers stay legible on a printed report.
class Canvas {
public:
    Canvas(int width, int height, Color background);

    int width() const { return m_width; }
    int height() const { return m_height; }
    const std::vector<std::uint8_t>& rgba() const { return m_rgba; }
    Color pixel(int x, int y) const;

    // Blends `c` into one pixel with the given coverage (0..1) on top of the colour's own alpha.
    void blend(int x, int y, Color c, double coverage);

    // An axis-aligned rectangle; fractional edges get partial coverage.
    void fill_rect(double x0, double y0, double x1, double y1, Color c);
    // A line of the given width with round ends.
    void line(Point a, Point b, double width, Color c);
    void polyline(std::span<const Point> points, double width, Color c);
    void dashed_line(Point a, Point b, double width, double dash, double gap, Color c);
    void fill_circle(Point centre, double radius, Color c);
    void ring(Point centre, double radius, double width, Color c);
    // A filled convex polygon (markers: triangles, diamonds).
    void fill_polygon(std::span<const Point> points, Color c);
    // Diagonal stripes over a rectangle (paused time).
    void hatch_rect(double x0, double y0, double x1, double y1, double spacing, Color c);

    // The canvas as an image (to save as PNG, or to upload as a texture).
    scene::Image to_image() const;

    // Copies `other` with its top-left corner at (x, y), rotated a quarter turn counter-clockwise
    // (for a vertical axis title), alpha-blended.
    void blit_rotated_ccw(const Canvas& other, int x, int y);

private:
    int m_width;
    int m_height;
    std::vector<std::uint8_t> m_rgba;
};

} // namespace qx::ui
