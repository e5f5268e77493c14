#include "session/report_csv.h"

#include "core/error.h"
#include "core/file.h"

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

// Splits "a, b ,c" into at most `max` trimmed fields; nullopt when there are more.
std::optional<std::vector<std::string_view>> split(std::string_view line, std::size_t max) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        if (fields.size() == max) return std::nullopt;
        std::size_t comma = line.find(',', start);
        fields.push_back(trim(
            line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return fields;
}

// One report from its fields, or nullopt after saying what is wrong through `problem`.
template <typename Problem>
std::optional<CravingReport> parse_report(const std::vector<std::string_view>& f, double previous_t,
                                          Problem&& problem) {
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
    if (!ok) return std::nullopt;
    if (r.source != ReportSource::late && r.t < previous_t) {
        problem(fmt::format("time {} s comes before the previous report's {} s (mark a report entered after the "
                            "fact as 'late')",
                            r.t, previous_t));
        return std::nullopt;
    }
    return r;
}

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

} // namespace

std::vector<CravingReport> parse_report_csv(std::string_view text, const std::string& file_name,
                                            core::Diagnostics& diag) {
    using Limits = ReportCsvLimits;
    std::vector<CravingReport> out;
    if (text.size() > Limits::max_bytes) {
        diag.add({file_name, "", fmt::format("is {} bytes, over the limit of {} bytes for a replay script",
                                             text.size(), Limits::max_bytes)});
        return out;
    }
    if (text.starts_with(k_bom)) text.remove_prefix(k_bom.size()); // spreadsheets write one
    bool seen_data = false;
    double previous_t = -1;
    std::size_t line_no = 0, problems = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        auto problem = [&](std::string message) {
            if (++problems <= Limits::max_problems)
                diag.add({fmt::format("{}:{}", file_name, line_no), "", std::move(message)});
        };
        if (raw.size() > Limits::max_line_bytes) {
            problem(fmt::format("the line is {} bytes, over the limit of {}", raw.size(), Limits::max_line_bytes));
            continue;
        }
        std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        auto f = split(line, 3);
        if (!seen_data && !parse_number(f ? (*f)[0] : line.substr(0, line.find(',')))) {
            seen_data = true; // the header line
            continue;
        }
        seen_data = true;
        if (!f || f->size() < 2) {
            problem(fmt::format("expected 'seconds,rating[,source]', found {}", f ? "1 field" : "more than 3 fields"));
            continue;
        }
        if (out.size() == Limits::max_reports) {
            problem(fmt::format("more than {} reports: a replay script is one session", Limits::max_reports));
            break;
        }
        if (auto r = parse_report(*f, previous_t, problem)) {
            if (r->source != ReportSource::late) previous_t = r->t;
            out.push_back(*r);
        }
    }
    if (problems > Limits::max_problems) {
        diag.add({file_name, "", fmt::format("{} more lines with problems not listed", problems - Limits::max_problems)});
    }
    if (problems == 0 && out.empty()) {
        diag.add({file_name, "", "holds no reports: expected lines of 'seconds,rating[,source]'"});
    }
    return out;
}

std::vector<CravingReport> load_report_csv(const std::filesystem::path& path, core::Diagnostics& diag) {
    const std::string name = core::display_path(path);
    std::error_code ec;
    if (auto size = std::filesystem::file_size(path, ec); !ec && size > ReportCsvLimits::max_bytes) {
        diag.add({name, "", fmt::format("is {} bytes, over the limit of {} bytes for a replay script", size,
                                        ReportCsvLimits::max_bytes)});
        return {};
    }
    std::string text;
    try {
        text = core::read_text_file(path);
    } catch (const core::Error& e) {
        diag.add({name, "", e.what()});
        return {};
    }
    return parse_report_csv(text, name, diag);
}

} // namespace qx::session
