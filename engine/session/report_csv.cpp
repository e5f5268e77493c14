#include "session/report_csv.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace qx::session {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::optional<double> parse_number(std::string_view s) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        std::size_t comma = line.find(',', start);
        fields.push_back(trim(
            line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return fields;
}

} // namespace

std::vector<CravingReport> parse_report_csv(std::string_view text, const std::string& file_name,
                                            core::Diagnostics& diag) {
    std::vector<CravingReport> out;
    bool seen_data = false;
    double previous_t = -1;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line =
            trim(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        auto problem = [&](std::string message) {
            diag.add({fmt::format("{}:{}", file_name, line_no), "", std::move(message)});
        };
        std::vector<std::string_view> f = split(line);
        if (!seen_data && !f.empty() && !parse_number(f[0])) {
            seen_data = true; // the header line
            continue;
        }
        seen_data = true;
        if (f.size() < 2 || f.size() > 3) {
            problem(fmt::format("expected 'seconds,rating[,source]', found {} field{}", f.size(),
                                f.size() == 1 ? "" : "s"));
            continue;
        }
        CravingReport r;
        bool ok = true;
        if (auto t = parse_number(f[0]); !t) {
            problem(fmt::format("'{}' is not a number of seconds", f[0]));
            ok = false;
        } else if (*t < 0) {
            problem(fmt::format("time {} is before the session started", *t));
            ok = false;
        } else {
            r.t = *t;
        }
        if (auto v = parse_number(f[1]); !v) {
            problem(fmt::format("rating '{}' is not a number", f[1]));
            ok = false;
        } else if (*v < 0 || *v > 10) {
            problem(fmt::format("rating {} is out of range: craving is rated 0 to 10", *v));
            ok = false;
        } else {
            r.rating = *v;
        }
        if (f.size() == 3 && !f[2].empty()) {
            if (auto s = parse_report_source(f[2]); s) {
                r.source = *s;
            } else {
                problem(fmt::format("source '{}' is not one of headset, therapist, late", f[2]));
                ok = false;
            }
        }
        if (!ok) continue;
        if (r.source != ReportSource::late && r.t < previous_t) {
            problem(fmt::format(
                "time {} s comes before the previous report's {} s (mark a report entered after the "
                "fact as 'late')",
                r.t, previous_t));
            continue;
        }
        if (r.source != ReportSource::late) previous_t = r.t;
        out.push_back(r);
    }
    return out;
}

} // namespace qx::session
