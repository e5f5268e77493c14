#include "app/report_data.h"

#include "live/event_codec.h"
#include "live/frame_codec.h"
#include "core/file.h"
#include "core/json_limits.h"
#include "core/log.h"

#include <fmt/format.h>

namespace qx::app {

ui::ReportData report_data_from_store(store::Store& store, std::string_view resident_code, ReportContents contents) {
    ui::ReportData data;
    data.resident = std::string(resident_code);
    data.source = "Qingxing " QX_VERSION;
    int number = 0;
    for (const store::SessionRecord& r : store.sessions_of(resident_code)) {
        // The protocol as it was when the session ran; scene names are not checked again.
        core::Diagnostics diag;
        auto protocol = session::parse_protocol(r.protocol_json, fmt::format("session {} protocol", r.id),
                                                r.protocol, {}, diag);
        if (!protocol) {
            for (const core::Problem& p : diag.problems())
                core::log_warn("report", "{}", p.to_string());
            core::log_warn("report", "session {} left out of the report: its protocol copy cannot be read",
                           r.id);
            continue;
        }
        ui::ReportSession s;
        s.number = ++number;
        s.id = r.id;
        s.status = std::string(store::to_string(r.status));
        s.started_ms = r.started_ms;
        s.protocol = std::make_shared<const session::Protocol>(std::move(*protocol));
        s.frames = r.frames;
        for (const store::EventRecord& e : store.events(r.id)) {
            // A payload that is not JSON within the record limits is kept as its text.
            core::JsonParse payload = core::parse_json(e.payload, "", core::k_json_record_limits);
            if (e.type == live::k_frame_samples_type) {
                // Frames are not events: they go to frames.csv when asked, never into events.csv.
                if (contents.frames && payload.value) {
                    auto frames = live::frame_samples_from_json(*payload.value,
                                                                fmt::format("session {} record {}", r.id, e.seq));
                    s.gaze_frames.insert(s.gaze_frames.end(), frames.begin(), frames.end());
                }
                continue;
            }
            if (e.type == live::k_heart_rate_readings_type && payload.value) {
                auto readings = live::heart_readings_from_json(
                    *payload.value, fmt::format("session {} record {}", r.id, e.seq));
                s.heart.insert(s.heart.end(), readings.begin(), readings.end());
            }
            s.records.push_back({e.seq, e.t, e.type, payload.value ? std::move(*payload.value) : core::Json(e.payload)});
            if (auto event = live::from_record(e)) s.events.push_back(std::move(*event));
        }
        for (const store::SsqRecord& q : store.ssq_of(r.id)) {
            (q.phase == store::SsqPhase::before ? s.ssq_before : s.ssq_after) = q.scores;
        }
        data.protocol = s.protocol;
        data.sessions.push_back(std::move(s));
    }
    if (contents.notes) data.notes = store.notes_of(resident_code);
    ui::compute_outcomes(data);
    return data;
}

ui::ReportData report_data_from_course(const session::Protocol& protocol, const session::CourseRun& course,
                                       std::string resident, std::string source) {
    ui::ReportData data;
    data.resident = std::move(resident);
    data.source = std::move(source);
    data.protocol = std::make_shared<const session::Protocol>(protocol);
    int number = 0;
    for (const session::SessionRun& run : course.sessions) {
        ui::ReportSession s;
        s.number = ++number;
        s.status = "simulated";
        s.protocol = data.protocol;
        s.events = run.events;
        s.heart = run.heart_readings;
        for (const session::Event& e : run.events)
            s.records.push_back(ui::export_record(e));
        data.sessions.push_back(std::move(s));
    }
    ui::compute_outcomes(data);
    return data;
}

} // namespace qx::app
