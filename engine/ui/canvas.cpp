#include "ui/canvas.h"

#include <algorithm>
#include <cmath>

namespace qx::ui {

scene::Image Canvas::to_image() const {
    scene::Image image{std::uint32_t(m_width), std::uint32_t(m_height)};
    image.pixels = m_rgba;
    return image;
}
namespace {

double clamp01(double v) {
    return std::clamp(v, 0.0, 1.0);
}

// Distance from p to the segment a–b.
double segment_distance(Point p, Point a, Point b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? clamp01(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2) : 0;
    double cx = a.x + t * dx - p.x, cy = a.y + t * dy - p.y;
    return std::sqrt(cx * cx + cy * cy);
}

} // namespace

Canvas::Canvas(int width, int height, Color background)
    : m_width(std::max(width, 1)), m_height(std::max(height, 1)),
      m_rgba(static_cast<std::size_t>(m_width) * static_cast<std::size_t>(m_height) * 4) {
    for (std::size_t i = 0; i < m_rgba.size(); i += 4) {
        m_rgba[i] = background.r;
        m_rgba[i + 1] = background.g;
        m_rgba[i + 2] = background.b;
        m_rgba[i + 3] = background.a;
    }
}

Color Canvas::pixel(int x, int y) const {
    if (x < 0 || y < 0 || x >= m_width || y >= m_height) return {};
    const std::uint8_t* p = &m_rgba[(static_cast<std::size_t>(y) * m_width + x) * 4];
    return {p[0], p[1], p[2], p[3]};
}

void Canvas::blend(int x, int y, Color c, double coverage) {
    if (x < 0 || y < 0 || x >= m_width || y >= m_height) return;
    double a = clamp01(coverage) * c.a / 255.0;
    if (a <= 0) return;
    std::uint8_t* p = &m_rgba[(static_cast<std::size_t>(y) * m_width + x) * 4];
    auto mix = [a](std::uint8_t dst, std::uint8_t src) {
        return static_cast<std::uint8_t>(std::lround(dst + (src - dst) * a));
    };
    p[0] = mix(p[0], c.r);
    p[1] = mix(p[1], c.g);
    p[2] = mix(p[2], c.b);
    p[3] = static_cast<std::uint8_t>(std::lround(p[3] + (255 - p[3]) * a));
}

void Canvas::fill_rect(double x0, double y0, double x1, double y1, Color c) {
    if (x1 < x0) std::swap(x0, x1);
    if (y1 < y0) std::swap(y0, y1);
    int ix0 = static_cast<int>(std::floor(x0)), ix1 = static_cast<int>(std::ceil(x1));
    int iy0 = static_cast<int>(std::floor(y0)), iy1 = static_cast<int>(std::ceil(y1));
    for (int y = std::max(iy0, 0); y < std::min(iy1, m_height); ++y) {
        double cy = clamp01(std::min(y + 1.0, y1) - std::max(double(y), y0));
        for (int x = std::max(ix0, 0); x < std::min(ix1, m_width); ++x) {
            double cx = clamp01(std::min(x + 1.0, x1) - std::max(double(x), x0));
            blend(x, y, c, cx * cy);
        }
    }
}

void Canvas::line(Point a, Point b, double width, Color c) {
    double r = width / 2;
    int x0 = static_cast<int>(std::floor(std::min(a.x, b.x) - r - 1));
    int x1 = static_cast<int>(std::ceil(std::max(a.x, b.x) + r + 1));
    int y0 = static_cast<int>(std::floor(std::min(a.y, b.y) - r - 1));
    int y1 = static_cast<int>(std::ceil(std::max(a.y, b.y) + r + 1));
    for (int y = std::max(y0, 0); y < std::min(y1, m_height); ++y) {
        for (int x = std::max(x0, 0); x < std::min(x1, m_width); ++x) {
            double d = segment_distance({x + 0.5, y + 0.5}, a, b);
            double coverage = clamp01(r + 0.5 - d);
            if (coverage > 0) blend(x, y, c, coverage);
        }
    }
}

void Canvas::polyline(std::span<const Point> points, double width, Color c) {
    // Drawn as one shape (the pixel's distance to the nearest segment) so joints are not
    // blended twice into a darker dot.
    if (points.size() < 2) {
        if (points.size() == 1) fill_circle(points[0], width / 2, c);
        return;
    }
    double r = width / 2;
    double minx = points[0].x, maxx = minx, miny = points[0].y, maxy = miny;
    for (Point p : points) {
        minx = std::min(minx, p.x);
        maxx = std::max(maxx, p.x);
        miny = std::min(miny, p.y);
        maxy = std::max(maxy, p.y);
    }
    int x0 = std::max(static_cast<int>(std::floor(minx - r - 1)), 0);
    int x1 = std::min(static_cast<int>(std::ceil(maxx + r + 1)), m_width);
    int y0 = std::max(static_cast<int>(std::floor(miny - r - 1)), 0);
    int y1 = std::min(static_cast<int>(std::ceil(maxy + r + 1)), m_height);
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        // Only pixels near this segment and not nearer an earlier one.
        Point a = points[i], b = points[i + 1];
        int sx0 = std::max(static_cast<int>(std::floor(std::min(a.x, b.x) - r - 1)), x0);
        int sx1 = std::min(static_cast<int>(std::ceil(std::max(a.x, b.x) + r + 1)), x1);
        int sy0 = std::max(static_cast<int>(std::floor(std::min(a.y, b.y) - r - 1)), y0);
        int sy1 = std::min(static_cast<int>(std::ceil(std::max(a.y, b.y) + r + 1)), y1);
        for (int y = sy0; y < sy1; ++y) {
            for (int x = sx0; x < sx1; ++x) {
                Point p{x + 0.5, y + 0.5};
                double d = segment_distance(p, a, b);
                if (d > r + 0.5) continue;
                bool owned_earlier = i > 0 && segment_distance(p, points[i - 1], a) <= d;
                if (owned_earlier) continue;
                blend(x, y, c, clamp01(r + 0.5 - d));
            }
        }
    }
}

void Canvas::dashed_line(Point a, Point b, double width, double dash, double gap, Color c) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len = std::sqrt(dx * dx + dy * dy);
    if (len <= 0) return;
    double ux = dx / len, uy = dy / len;
    for (double s = 0; s < len; s += dash + gap) {
        double e = std::min(s + dash, len);
        line({a.x + ux * s, a.y + uy * s}, {a.x + ux * e, a.y + uy * e}, width, c);
    }
}

void Canvas::fill_circle(Point centre, double radius, Color c) {
    int x0 = std::max(static_cast<int>(std::floor(centre.x - radius - 1)), 0);
    int x1 = std::min(static_cast<int>(std::ceil(centre.x + radius + 1)), m_width);
    int y0 = std::max(static_cast<int>(std::floor(centre.y - radius - 1)), 0);
    int y1 = std::min(static_cast<int>(std::ceil(centre.y + radius + 1)), m_height);
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x) {
            double d = std::hypot(x + 0.5 - centre.x, y + 0.5 - centre.y);
            blend(x, y, c, clamp01(radius + 0.5 - d));
        }
    }
}

void Canvas::ring(Point centre, double radius, double width, Color c) {
    int x0 = std::max(static_cast<int>(std::floor(centre.x - radius - width - 1)), 0);
    int x1 = std::min(static_cast<int>(std::ceil(centre.x + radius + width + 1)), m_width);
    int y0 = std::max(static_cast<int>(std::floor(centre.y - radius - width - 1)), 0);
    int y1 = std::min(static_cast<int>(std::ceil(centre.y + radius + width + 1)), m_height);
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x) {
            double d = std::abs(std::hypot(x + 0.5 - centre.x, y + 0.5 - centre.y) - radius);
            blend(x, y, c, clamp01(width / 2 + 0.5 - d));
        }
    }
}

void Canvas::fill_polygon(std::span<const Point> pts, Color c) {
    if (pts.size() < 3) return;
    double minx = pts[0].x, maxx = minx, miny = pts[0].y, maxy = miny;
    for (Point p : pts) {
        minx = std::min(minx, p.x);
        maxx = std::max(maxx, p.x);
        miny = std::min(miny, p.y);
        maxy = std::max(maxy, p.y);
    }
    // Signed area decides which side of each edge is inside.
    double area = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        Point a = pts[i], b = pts[(i + 1) % pts.size()];
        area += a.x * b.y - b.x * a.y;
    }
    double orient = area > 0 ? 1.0 : -1.0;
    for (int y = std::max(static_cast<int>(std::floor(miny - 1)), 0);
         y < std::min(static_cast<int>(std::ceil(maxy + 1)), m_height); ++y) {
        for (int x = std::max(static_cast<int>(std::floor(minx - 1)), 0);
             x < std::min(static_cast<int>(std::ceil(maxx + 1)), m_width); ++x) {
            Point p{x + 0.5, y + 0.5};
            double inside = 1e9; // smallest signed distance to an edge; positive inside
            for (std::size_t i = 0; i < pts.size(); ++i) {
                Point a = pts[i], b = pts[(i + 1) % pts.size()];
                double ex = b.x - a.x, ey = b.y - a.y;
                double len = std::sqrt(ex * ex + ey * ey);
                if (len <= 0) continue;
                double d = orient * ((p.x - a.x) * ey - (p.y - a.y) * ex) / len;
                inside = std::min(inside, -d);
            }
            blend(x, y, c, clamp01(inside + 0.5));
        }
    }
}

void Canvas::hatch_rect(double x0, double y0, double x1, double y1, double spacing, Color c) {
    for (int y = std::max(static_cast<int>(y0), 0); y < std::min(static_cast<int>(std::ceil(y1)), m_height);
         ++y) {
        for (int x = std::max(static_cast<int>(x0), 0);
             x < std::min(static_cast<int>(std::ceil(x1)), m_width); ++x) {
            double u = std::fmod(x + y, spacing);
            if (u < 1.5) blend(x, y, c, 1.0);
        }
    }
}

void Canvas::blit_rotated_ccw(const Canvas& other, int x, int y) {
    // Source (sx, sy) lands at (x + sy, y + other.width - 1 - sx).
    for (int sy = 0; sy < other.height(); ++sy) {
        for (int sx = 0; sx < other.width(); ++sx) {
            Color c = other.pixel(sx, sy);
            if (c.a == 0) continue;
            blend(x + sy, y + other.width() - 1 - sx, {c.r, c.g, c.b, 255}, c.a / 255.0);
        }
    }
}

} // namespace qx::ui
