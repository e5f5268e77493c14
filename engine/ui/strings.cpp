// What the reports say, in zh-CN and en: the charts and the page. Keys are "report.<thing>";
// text may hold fmt-style named fields.
#include "ui/strings.h"

#include "session/strings.h"

namespace qx::ui {
namespace {

constexpr core::CatalogEntry k_strings[] = {
    // report — charts
    {"report.chart.time_axis", "时间（分钟）", "Time (minutes)"},
    {"report.chart.craving_axis", "渴求评分（0–10）", "Craving (0–10)"},
    {"report.chart.ceiling", "上限 {ceiling}", "ceiling {ceiling}"},
    {"report.chart.legend.report", "渴求评分", "Craving report"},
    {"report.chart.legend.late", "补录评分", "Late report"},
    {"report.chart.legend.ceiling", "安全上限", "Safety ceiling"},
    {"report.chart.legend.levels", "暴露（颜色越深线索越强）", "Exposure (darker: stronger cues)"},
    {"report.chart.legend.calm", "平静空间", "Calm room"},
    {"report.chart.legend.baseline", "基线 / 冷却", "Baseline / cool-down"},
    {"report.chart.legend.paused", "暂停", "Paused"},
    {"report.chart.legend.up", "升级", "Step up"},
    {"report.chart.legend.down", "降级", "Step down"},
    {"report.chart.legend.calm_entry", "进入平静空间", "To the calm room"},
    {"report.chart.legend.alert", "提醒治疗师", "Alert"},
    {"report.chart.legend.therapist", "治疗师指令", "Therapist command"},
    {"report.chart.legend.missed", "未回答的询问", "Missed prompt"},
    {"report.chart.legend.heart", "心率", "Heart rate"},
    {"report.chart.legend.resting", "静息心率（基线）", "Resting heart rate (baseline)"},
    {"report.chart.legend.heart_limit", "心率规则界限", "Heart-rate rule limit"},
    {"report.chart.heart_axis", "心率（次/分）", "Heart rate (bpm)"},
    {"report.chart.legend.peak", "暴露中的峰值", "Peak during exposure"},
    {"report.chart.legend.tonic", "基线（静息）渴求", "Baseline (tonic) craving"},
    {"report.chart.legend.compare", "第 {step} 级的峰值", "Peak at step {step}"},
    {"report.chart.steps_axis", "低于上限的最高级", "Highest step with craving under the ceiling"},
    {"report.chart.session_axis", "第几次训练", "Session"},
    {"report.chart.session_title", "{resident} · 第 {number} 次训练 · {date}", "{resident} · session {number} · {date}"},
    {"report.chart.session_summary", "{protocol} · 基线 {tonic} · 峰值 {peak} · 低于上限的最高级 {under} · 结束时 {final}", "{protocol} · baseline {tonic} · peak {peak} · highest step under the ceiling {under} · at close {final}"},
    {"report.chart.course_title", "{resident} · 疗程趋势（{sessions} 次训练）", "{resident} · course trend ({sessions} sessions)"},
    {"report.chart.course_summary", "疗程渴求下降 {pct}%：第 {step} 级峰值，第 {first} 次 {first_peak}，第 {latest} 次 {latest_peak}", "Course craving reduction {pct} %: the peak at step {step} was {first_peak} in session {first} and {latest_peak} in session {latest}"},
    {"report.chart.course_no_comparison", "尚无可比较的数据：同一级需在至少两次训练中出现", "Nothing to compare yet: a step must be reached in at least two sessions"},
    // report — the page
    {"report.html.product", "清醒", "Qingxing"},
    {"report.html.title", "渴求暴露训练报告 · {resident}", "Cue-exposure training report · {resident}"},
    {"report.html.generated", "生成于 {when} · 数据来源：{source}", "Generated {when} · data from {source}"},
    {"report.html.protocol", "方案：{protocol}（{id}）", "Protocol: {protocol} ({id})"},
    {"report.html.course", "疗程", "Course"},
    {"report.html.sessions", "各次训练", "Sessions"},
    {"report.html.first_latest", "第 {first} 次 {first_peak} → 第 {latest} 次 {latest_peak}", "session {first}: {first_peak} → session {latest}: {latest_peak}"},
    {"report.html.minutes", "{m} 分钟", "{m} min"},
    {"report.html.other_protocol", "该次训练使用了其他方案，未计入疗程指标", "This session used another protocol and is not counted in the course figures"},
    {"report.html.session_heading", "第 {number} 次训练 · {date} · {status} · {protocol}", "Session {number} · {date} · {status} · {protocol}"},
    {"report.html.decisions", "决策记录（{count} 条）", "Decision log ({count} entries)"},
    {"report.html.col.time", "时间", "Time"},
    {"report.html.col.rule", "规则", "Rule"},
    {"report.html.col.what", "内容", "What happened"},
    {"report.html.notes", "治疗师笔记", "Therapist notes"},
    {"report.html.no_notes", "暂无笔记", "No notes yet"},
    {"report.html.no_sessions", "该学员尚无训练记录", "No sessions are recorded for this resident yet"},
    {"report.html.definitions", "指标定义", "How the figures are defined"},
    {"report.html.files", "全部事件数据：", "Every event as data:"},
    {"report.metric.sessions", "训练次数", "Sessions"},
    {"report.metric.reduction", "疗程渴求下降", "Course craving reduction"},
    {"report.metric.compared", "比较的级别", "Step compared"},
    {"report.metric.first_latest", "该级峰值：首次 → 最近", "Peak at that step: first → latest"},
    {"report.metric.cue_induced", "线索诱发渴求（峰值 − 基线）：首次 → 最近", "Cue-induced craving (peak − baseline): first → latest"},
    {"report.metric.highest_under", "低于上限的最高级", "Highest step with craving under the ceiling"},
    {"report.metric.first_top", "首次在最高级保持低于上限的训练", "First session at the top step under the ceiling"},
    {"report.metric.cue_share", "该级视线停在线索上的比例：首次 → 最近", "Share of gaze on cues at that step: first → latest"},
    {"report.gaze.source.eyes", "眼动追踪", "eye tracking"},
    {"report.gaze.source.head", "按头部朝向", "head direction"},
    {"report.gaze.source.scripted", "脚本视线", "scripted gaze"},
    {"report.metric.hr_rise", "该级心率平均升高（相对静息）：首次 → 最近", "Mean heart-rate rise at that step (over resting): first → latest"},
    {"report.metric.tonic_trend", "基线渴求：首次 → 最近", "Baseline craving: first → latest"},
    {"report.col.number", "次", "#"},
    {"report.col.date", "日期", "Date"},
    {"report.col.status", "状态", "Status"},
    {"report.col.steps", "起始级 → 结束级", "Start → end step"},
    {"report.col.tonic", "基线", "Baseline"},
    {"report.col.peaks", "各级峰值", "Peak per step"},
    {"report.col.habituate", "各级习惯化用时", "Time to habituate per step"},
    {"report.col.under", "低于上限的最高级", "Highest step under the ceiling"},
    {"report.col.final", "结束时", "At close"},
    {"report.col.gaze", "视线：来源 / 各级看线索比例 · 首次看线索（秒）· 移开次数", "Gaze: source / per step share on cues · first cue look (s) · looks away"},
    {"report.col.heart", "心率：静息 / 各级平均与峰值升高 · RMSSD 毫秒", "Heart rate: resting / mean and peak rise per step · RMSSD ms"},
    {"report.col.calm", "平静空间", "Calm room"},
    {"report.col.safety", "安全规则", "Safety rules"},
    {"report.col.overrides", "治疗师覆盖", "Overrides"},
    {"report.col.missed", "未回答", "Missed"},
    {"report.col.ssq", "SSQ 前 / 后", "SSQ before / after"},
    {"report.col.frames", "帧时间 p99", "Frame time p99"},
    {"report.status.running", "进行中", "running"},
    {"report.status.interrupted", "已中断", "interrupted"},
    {"report.status.completed", "已完成", "completed"},
    {"report.status.closed", "中断后结束", "closed after an interruption"},
    {"report.status.simulated", "模拟", "simulated"},
    {"report.def.tonic.name", "基线（静息）渴求", "Tonic (baseline) craving"},
    {"report.def.tonic.text", "本次训练开始暴露前，在平静空间基线阶段的最后一次评分。", "The last report in the calm-room baseline before exposure began in the session."},
    {"report.def.peak.name", "各级峰值", "Peak craving per step"},
    {"report.def.peak.text", "学员暴露于该级时的最高评分（补录评分按其实际时间计入）；平静空间、基线、冷却和暂停不计。", "The highest accepted report taken while the resident was exposed at that step (late reports count at the time they were given); calm room, baseline, cool-down and pauses excluded."},
    {"report.def.habituate.name", "习惯化用时", "Time to habituate"},
    {"report.def.habituate.text", "本次训练中该级习惯化规则首次满足时，在该级的停留时间（不含暂停和平静空间）；未满足则为空。", "The dwell at the step (exposure time on that visit, pauses and calm room excluded) when the habituation rule first held there in the session; blank if it never did."},
    {"report.def.under.name", "低于上限的最高级", "Highest step under the ceiling"},
    {"report.def.under.text", "有暴露评分且所有评分都低于安全上限的最高一级；疗程取各次训练中的最高值。", "The highest step with at least one report while exposed and every such report below the safety ceiling; for the course, the highest over its sessions."},
    {"report.def.cue.name", "线索诱发渴求", "Cue-induced craving"},
    {"report.def.cue.text", "某级峰值减去同次训练的基线渴求；在首次和最近一次到达该级的训练之间比较。", "A step's peak minus the same session's tonic craving, compared between the first and the latest session that reached the step."},
    {"report.def.cue_share.name", "视线在线索上的比例", "Share of gaze on cues"},
    {"report.def.cue_share.text", "暴露于该级时，视线停在线索物体（烫壶、锡纸、递来的手等）上的时间 ÷（线索 + 中性物体上的时间）。有眼动追踪时用眼睛的视线，否则用头部朝向（较粗略，报告中注明）。", "While exposed at the step: time the gaze rested on cue objects (the pipe, the foil, the offered hand...) ÷ (time on cues + on neutral objects). The eyes where the headset tracks them, otherwise the head's direction (coarser, and named as such)."},
    {"report.def.first_cue.name", "首次看向线索", "First look at a cue"},
    {"report.def.first_cue.text", "从第一次进入该级到视线第一次在某个线索上停留至少 0.1 秒所用的秒数。", "Seconds from the start of the step's first visit until the gaze first rested on a cue for 0.1 s or more."},
    {"report.def.looks_away.name", "从线索上移开", "Looks away"},
    {"report.def.looks_away.text", "视线在线索上停留后转向非线索（中性物体或空处）并停留至少 0.1 秒的次数；从一个线索看向另一个线索不算。", "Times the gaze left a cue it rested on for something that is not a cue (a neutral object or nothing marked) for 0.1 s or more; moving from one cue to another does not count."},
    {"report.def.reduction.name", "疗程渴求下降", "Course craving reduction"},
    {"report.def.reduction.text", "在至少两次训练中到达过的最高一级：（首次到达时的峰值 − 最近一次的峰值）÷ 首次峰值 × 100%。正值表示渴求下降。", "At the highest step reached in at least two sessions: (the peak in the first session that reached it − the peak in the latest one) ÷ the first peak × 100. Positive means craving fell."},
};

} // namespace

std::span<const core::CatalogEntry> strings() { return k_strings; }

// The tables this module's texts may come from, registered on the first lookup.
std::string_view tr(std::string_view key, core::Lang lang) {
    static const core::StringTables registered{session::strings(), k_strings};
    return core::tr(key, lang);
}

} // namespace qx::ui
