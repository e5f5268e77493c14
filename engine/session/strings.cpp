// What the clinical loop says, in zh-CN and en: states, prompts and reports, decisions with
// their rules and numbers, commands and alerts. Keys are "session.<thing>"; text may hold
// fmt-style named fields.
#include "session/strings.h"

namespace qx::session {
namespace {

constexpr core::CatalogEntry k_strings[] = {
    // session — states
    {"session.state.ready", "准备就绪", "Ready"},
    {"session.state.baseline", "基线：在平静空间中静候", "Baseline in the calm room"},
    {"session.state.exposure", "暴露：线索强度渐升", "Exposure: cues ramping up"},
    {"session.state.adaptation", "适应：保持本级，等待渴求回落", "Adaptation: holding the step while craving settles"},
    {"session.state.calm_room", "平静空间", "Calm room"},
    {"session.state.paused", "已暂停", "Paused"},
    {"session.state.cool_down", "冷却：在平静空间中等待渴求回落", "Cool-down in the calm room"},
    {"session.state.closed", "训练结束", "Session closed"},
    {"session.step.entered", "进入第 {to_step_no} 级：{scene}，线索等级 {level}", "Step {to_step_no}: {scene}, cue level {level}"},
    // session — prompts and reports
    {"session.prompt.regular", "第 {number} 次询问：请为此刻的渴求打分（0–10）", "Prompt {number}: rate your craving now (0–10)"},
    {"session.prompt.tonic", "第 {number} 次询问（基线）：请为此刻的渴求打分", "Prompt {number} (baseline): rate your craving now"},
    {"session.prompt.final", "第 {number} 次询问（结束前最后一次）", "Prompt {number}: the final report before closing"},
    {"session.prompt.repeat", "第 {number} 次询问未回答：第 {repeat} 次提醒", "Prompt {number} unanswered: reminder {repeat}"},
    {"session.prompt.missed", "第 {number} 次询问提醒 {asked} 次仍未回答，记为缺失", "Prompt {number} missed: no answer after asking {asked} times"},
    {"session.report.accepted", "渴求评分 {rating}", "Craving report {rating}"},
    {"session.report.late", "补录渴求评分 {rating}（第 {received} 秒录入）", "Late craving report {rating} (entered at {received} s)"},
    {"session.report.rejected.not_started", "评分 {value} 未采用：训练尚未开始", "Rating {value} refused: the session has not started"},
    {"session.report.rejected.closed", "评分 {value} 未采用：训练已结束", "Rating {value} refused: the session has closed"},
    {"session.report.rejected.not_a_number", "评分“{value}”未采用：不是有效数字", "Rating '{value}' refused: not a number"},
    {"session.report.rejected.out_of_range", "评分 {value} 未采用：渴求评分范围为 0–10", "Rating {value} refused: craving is rated 0 to 10"},
    {"session.report.rejected.bad_time", "评分 {value} 未采用：时间无效", "Rating {value} refused: its time is not valid"},
    {"session.report.rejected.future", "评分 {value} 未采用：时间 {at} 秒晚于当前时间", "Rating {value} refused: its time {at} s is in the future"},
    {"session.report.rejected.before_start", "评分 {value} 未采用：时间 {at} 秒早于训练开始", "Rating {value} refused: its time {at} s is before the session started"},
    {"session.hr.rejected", "心率数据 {value} 无效，已忽略（请检查传感器）", "Heart-rate sample {value} is not valid and was ignored (check the sensor)"},
    // session — decisions, each naming its rule and numbers
    {"session.rule.baseline_high", "基线渴求 {craving} 已达上限 {ceiling}：暂不开始暴露，{wait} 秒后再次询问", "Baseline craving {craving} is at or above the ceiling {ceiling}: exposure waits; asking again in {wait} s"},
    {"session.rule.baseline_done", "基线渴求 {craving}：开始第 {to_step_no} 级暴露（{scene}）", "Baseline craving {craving}: exposure starts at step {to_step_no} ({scene})"},
    {"session.rule.baseline_recorded", "记录基线渴求 {craving}；基线还剩 {left} 秒", "Baseline craving {craving} recorded; {left} s of baseline left"},
    {"session.rule.tonic_missed", "基线评分缺失：按计划开始暴露", "No baseline report: exposure starts as planned"},
    {"session.rule.min_dwell", "保持第 {step_no} 级：本级已停留 {dwell} 秒，未满最短 {min_dwell} 秒（渴求 {craving}，本级峰值 {peak}）", "Holding at step {step_no}: {dwell} s of the minimum {min_dwell} s at this step (craving {craving}, peak {peak})"},
    {"session.why.dropped", "渴求 {craving} ≤ 本级峰值 {peak} 的 {percent}%（{threshold}）", "craving {craving} is at most {percent} % of this step's peak {peak} ({threshold})"},
    {"session.why.low", "渴求 {craving} ≤ {low}（几乎无反应）", "craving {craving} is at most {low} (little reaction left)"},
    {"session.why.baseline", "渴求 {craving} 已回到基线 {tonic} 附近（≤ 基线 + {within}）", "craving {craving} is back within {within} of the baseline {tonic}"},
    {"session.rule.hold_not_dropped", "保持第 {step_no} 级：渴求 {craving} 高于本级峰值 {peak} 的 {percent}%（{threshold}）", "Holding at step {step_no}: craving {craving} is above {percent} % of this step's peak {peak} ({threshold})"},
    {"session.rule.hold_counting", "保持第 {step_no} 级：{why}，已连续 {count}/{needed} 次", "Holding at step {step_no}: {why}; {count} of {needed} reports"},
    {"session.rule.step_up", "升至第 {to_step_no} 级（{scene}）：{why}，连续 {count} 次，本级已停留 {dwell} 秒", "Stepping up to step {to_step_no} ({scene}): {why}, {count} reports in a row after {dwell} s"},
    {"session.rule.top_habituated", "最高级（第 {step_no} 级）已习惯化：{why}；保持在最高级", "Top step {step_no} habituated: {why}; staying at the top"},
    {"session.rule.held", "第 {step_no} 级习惯化规则已满足，但治疗师要求保持：不升级", "The habituation rule holds at step {step_no} but the therapist holds the step: no step up"},
    {"session.rule.ceiling", "渴求 {craving} 达到上限 {ceiling}：立即进入平静空间", "Craving {craving} is at or above the ceiling {ceiling}: calm room now"},
    {"session.rule.ceiling_late", "补录评分 {craving}（{ago} 秒前）达到上限 {ceiling}：立即进入平静空间", "Late report {craving} (from {ago} s ago) is at or above the ceiling {ceiling}: calm room now"},
    {"session.rule.ceiling_paused", "暂停中渴求 {craving} 达到上限 {ceiling}：结束暂停，立即进入平静空间", "Craving {craving} during the pause is at or above the ceiling {ceiling}: the pause ends; calm room now"},
    {"session.rule.sharp_rise.step_down", "渴求从 {previous} 急升至 {craving}（+{rise}，规则为 ≥ {points}）：降至第 {to_step_no} 级", "Craving rose sharply from {previous} to {craving} (+{rise}; the rule is {points}): stepping down to step {to_step_no}"},
    {"session.rule.sharp_rise.calm_room", "渴求从 {previous} 急升至 {craving}（+{rise}，规则为 ≥ {points}）：立即进入平静空间", "Craving rose sharply from {previous} to {craving} (+{rise}; the rule is {points}): calm room now"},
    {"session.rule.heart_rate.step_down", "心率 {bpm} 次/分，已持续 {seconds} 秒 ≥ {max_bpm}：降至第 {to_step_no} 级", "Heart rate {bpm} bpm has been at or above {max_bpm} for {seconds} s: stepping down to step {to_step_no}"},
    {"session.rule.heart_rate.calm_room", "心率 {bpm} 次/分，已持续 {seconds} 秒 ≥ {max_bpm}：立即进入平静空间", "Heart rate {bpm} bpm has been at or above {max_bpm} for {seconds} s: calm room now"},
    {"session.rule.max_dwell_step_down", "第 {step_no} 级已达最长停留 {minutes} 分钟，习惯化规则未满足：降至第 {to_step_no} 级巩固", "Step {step_no} reached its maximum {minutes} min without the habituation rule holding: stepping down to step {to_step_no} to consolidate"},
    {"session.rule.max_dwell_wait", "第 {step_no} 级已达最长停留 {minutes} 分钟，但习惯化规则已满足 {count}/{needed} 次：等待下一次评分再决定", "Step {step_no} reached its maximum {minutes} min while the habituation rule is part-way met ({count} of {needed}): waiting for the next report before deciding"},
    {"session.rule.max_dwell_hold", "第 {step_no} 级已达最长停留 {minutes} 分钟，习惯化规则未满足：按方案保持并提醒治疗师", "Step {step_no} reached its maximum {minutes} min without the habituation rule holding: holding as the protocol says; therapist alerted"},
    {"session.rule.max_dwell_first_step", "第 1 级已达最长停留 {minutes} 分钟，习惯化规则未满足；已是第一级，继续保持并提醒治疗师", "Step 1 reached its maximum {minutes} min without the habituation rule holding; it is the first step, so it holds and the therapist is alerted"},
    {"session.rule.max_dwell_held", "第 {step_no} 级已达最长停留 {minutes} 分钟；治疗师要求保持，已提醒治疗师", "Step {step_no} reached its maximum {minutes} min; the therapist holds it and is alerted"},
    {"session.rule.calm_not_settled", "渴求 {craving} 仍高于返回阈值 {return_at_most}：继续留在平静空间", "Craving {craving} is above the return threshold {return_at_most}: staying in the calm room"},
    {"session.rule.calm_min_time", "渴求 {craving} 已回落；平静空间至少停留 {min_time} 秒（已 {time} 秒）", "Craving {craving} has settled; staying in the calm room for at least {min_time} s ({time} s so far)"},
    {"session.rule.calm_return", "渴求 {craving} ≤ {return_at_most}：离开平静空间，回到第 {to_step_no} 级", "Craving {craving} is at most {return_at_most}: leaving the calm room for step {to_step_no}"},
    {"session.rule.calm_wait_therapist", "平静空间中渴求 {craving}；由治疗师决定何时返回", "Craving {craving} in the calm room; the therapist decides when to return"},
    {"session.rule.calm_max", "平静空间已满 {minutes} 分钟仍未平复：今日暴露结束，进入冷却", "{minutes} min in the calm room without settling: exposure ends for today; cool-down"},
    {"session.rule.calm_by_therapist", "治疗师指令：立即进入平静空间，由治疗师决定何时返回。原因：{reason}", "Therapist: calm room now; the therapist decides when to return. Reason: {reason}"},
    {"session.rule.calm_by_resident", "学员请求平静空间：立即进入，平复后回到较低一级", "The resident asked for the calm room: going now; returning a step lower once settled"},
    {"session.rule.late_counted", "补录评分 {craving}（{ago} 秒前）计入本级峰值", "Late report {craving} (from {ago} s ago) counted toward this step's peak"},
    {"session.rule.late_recorded", "补录评分 {craving}（{ago} 秒前）已记录，不改变当前决策", "Late report {craving} (from {ago} s ago) recorded; it does not change the current decision"},
    {"session.rule.paused_report", "暂停中记录渴求 {craving}；暂停期间不自动调整", "Craving {craving} recorded during the pause; no automatic changes while paused"},
    {"session.rule.session_length", "{minutes} 分钟训练时长将到：暴露结束，在平静空间中冷却", "The {minutes}-minute session is ending: exposure stops; cool-down in the calm room"},
    {"session.rule.cool_down_settled", "渴求 {craving} ≤ {end_at_most}：已平复，训练结束", "Craving {craving} is at most {end_at_most}: settled; the session closes"},
    {"session.rule.cool_down_wait", "渴求 {craving} 高于 {end_at_most}：继续冷却（最多还剩 {left} 秒）", "Craving {craving} is above {end_at_most}: cool-down continues (at most {left} s more)"},
    {"session.rule.cool_down_final_prompt", "冷却已满 {minutes} 分钟：请求最后一次评分后结束", "{minutes} min of cool-down: asking for a final report, then closing"},
    {"session.rule.cool_down_max_close", "冷却 {minutes} 分钟后最后评分 {craving}，仍高于 {end_at_most}：训练结束，请治疗师随访", "Final report {craving} after {minutes} min of cool-down is still above {end_at_most}: the session closes; therapist to follow up"},
    {"session.rule.close_final_missed", "最后一次评分缺失：训练结束，请治疗师随访", "The final report was missed: the session closes; therapist to follow up"},
    {"session.rule.resumed", "恢复中断的训练：从第 {to_step_no} 级继续（此前已进行 {minutes} 分钟）", "Resuming an interrupted session at step {to_step_no} ({minutes} min already done)"},
    {"session.rule.stop", "治疗师结束暴露：在平静空间中冷却，渴求 ≤ {end_at_most} 后结束。原因：{reason}", "Therapist ends exposure: cool-down in the calm room until craving is at most {end_at_most}. Reason: {reason}"},
    {"session.rule.stop_before_start", "训练未开始即结束。原因：{reason}", "Session closed before it started. Reason: {reason}"},
    {"session.rule.therapist_up", "治疗师指令：升至第 {to_step_no} 级。原因：{reason}", "Therapist: step up to step {to_step_no}. Reason: {reason}"},
    {"session.rule.therapist_down", "治疗师指令：降至第 {to_step_no} 级。原因：{reason}", "Therapist: step down to step {to_step_no}. Reason: {reason}"},
    {"session.rule.leave_calm", "治疗师指令：离开平静空间，回到第 {to_step_no} 级。原因：{reason}", "Therapist: leave the calm room for step {to_step_no}. Reason: {reason}"},
    {"session.rule.hold", "治疗师指令：保持第 {step_no} 级，暂停自动升降级（安全规则仍生效）。原因：{reason}", "Therapist: hold at step {step_no}; no automatic step changes (safety rules still apply). Reason: {reason}"},
    {"session.rule.release", "治疗师指令：恢复自动升降级。原因：{reason}", "Therapist: automatic stepping resumes. Reason: {reason}"},
    // session — therapist overrides (the therapist wins; the rule is named)
    {"session.override.up_above_ceiling", "治疗师覆盖规则：渴求 {craving} 已达上限 {ceiling}，仍按指令升级。原因：{reason}", "Therapist override: stepping up although craving {craving} is at or above the ceiling {ceiling}. Reason: {reason}"},
    {"session.override.up_from_calm", "治疗师覆盖规则：学员尚未在平静空间中平复，仍按指令升级。原因：{reason}", "Therapist override: stepping up from the calm room before craving settled. Reason: {reason}"},
    {"session.override.up_before_min_dwell", "治疗师覆盖规则：本级仅停留 {dwell} 秒，未满最短 {min_dwell} 秒，仍按指令升级。原因：{reason}", "Therapist override: stepping up after {dwell} s, before the minimum dwell of {min_dwell} s. Reason: {reason}"},
    {"session.override.up_not_habituated", "治疗师覆盖规则：习惯化规则尚未满足（{count}/{needed} 次），仍按指令升级。原因：{reason}", "Therapist override: stepping up before the habituation rule held ({count} of {needed} reports). Reason: {reason}"},
    {"session.override.down_habituated", "治疗师覆盖规则：习惯化规则已满足、本应升级，仍按指令降级。原因：{reason}", "Therapist override: stepping down although the habituation rule held and would step up. Reason: {reason}"},
    {"session.override.hold_habituated", "治疗师覆盖规则：第 {step_no} 级习惯化规则已满足（渴求 {craving}），治疗师要求保持本级。原因：{reason}", "Therapist override: the habituation rule holds at step {step_no} (craving {craving}) but the therapist holds the step. Reason: {reason}"},
    {"session.override.leave_calm", "治疗师覆盖规则：学员尚未平复（渴求 {craving}，返回需 ≤ {return_at_most}；已在平静空间 {time} 秒，最短 {min_time} 秒），仍按指令离开。原因：{reason}", "Therapist override: leaving the calm room before craving settled (craving {craving}, return at most {return_at_most}; {time} s of at least {min_time} s). Reason: {reason}"},
    {"session.override.leave_calm_no_report", "治疗师覆盖规则：平静空间中尚无评分（已 {time} 秒），仍按指令离开。原因：{reason}", "Therapist override: leaving the calm room with no report taken there ({time} s so far). Reason: {reason}"},
    // session — commands carried out
    {"session.command.start", "治疗师开始训练：先在平静空间中进行基线", "Therapist started the session: baseline in the calm room first"},
    {"session.command.pause", "暂停训练。原因：{reason}", "Session paused. Reason: {reason}"},
    {"session.command.resume", "继续训练。原因：{reason}", "Session resumed. Reason: {reason}"},
    {"session.command.stop", "结束训练。原因：{reason}", "Stop. Reason: {reason}"},
    {"session.command.calm_room", "立即进入平静空间。原因：{reason}", "Calm room now. Reason: {reason}"},
    {"session.command.leave_calm", "离开平静空间。原因：{reason}", "Leave the calm room. Reason: {reason}"},
    {"session.command.level_up", "升一级。原因：{reason}", "Step up. Reason: {reason}"},
    {"session.command.level_down", "降一级。原因：{reason}", "Step down. Reason: {reason}"},
    {"session.command.hold", "保持本级。原因：{reason}", "Hold this step. Reason: {reason}"},
    {"session.command.release", "恢复自动升降级。原因：{reason}", "Resume automatic stepping. Reason: {reason}"},
    {"session.command.prompt_now", "立即询问渴求评分", "Ask for a craving rating now"},
    // session — commands not carried out
    {"session.command.rejected.already_calm", "指令未执行：已在平静空间", "Not carried out: already in the calm room"},
    {"session.command.rejected.already_closing", "指令未执行：已在冷却，训练即将结束", "Not carried out: the session is already cooling down"},
    {"session.command.rejected.already_held", "指令未执行：本级已在保持中", "Not carried out: the step is already held"},
    {"session.command.rejected.already_paused", "指令未执行：已暂停", "Not carried out: already paused"},
    {"session.command.rejected.already_started", "指令未执行：训练已开始", "Not carried out: the session has already started"},
    {"session.command.rejected.at_bottom", "指令未执行：已是第一级（需要时请用平静空间）", "Not carried out: this is the first step (use the calm room instead)"},
    {"session.command.rejected.at_top", "指令未执行：已是最高级", "Not carried out: this is the top step"},
    {"session.command.rejected.closed", "指令未执行：训练已结束", "Not carried out: the session has closed"},
    {"session.command.rejected.not_exposing", "指令未执行：当前不在暴露中", "Not carried out: no exposure is running"},
    {"session.command.rejected.not_held", "指令未执行：当前没有保持本级", "Not carried out: the step is not held"},
    {"session.command.rejected.not_in_calm", "指令未执行：不在平静空间", "Not carried out: not in the calm room"},
    {"session.command.rejected.not_paused", "指令未执行：没有暂停", "Not carried out: not paused"},
    {"session.command.rejected.not_started", "指令未执行：训练尚未开始", "Not carried out: the session has not started"},
    {"session.command.rejected.paused", "指令未执行：请先继续训练", "Not carried out: resume first"},
    {"session.command.rejected.prompt_pending", "指令未执行：上一次询问尚未回答", "Not carried out: a prompt is already waiting for an answer"},
    {"session.command.rejected.resident_calm_only", "指令未执行：学员只能请求平静空间", "Not carried out: the resident can only ask for the calm room"},
    {"session.command.rejected.unknown", "指令未执行：未知指令", "Not carried out: unknown command"},
    // session — alerts for the therapist
    {"session.alert.ceiling", "请注意：渴求达到 {craving}，学员已进入平静空间", "Attention: craving reached {craving}; the resident is in the calm room"},
    {"session.alert.heart_rate", "请注意：心率持续偏高（{bpm} 次/分）", "Attention: heart rate stayed high ({bpm} bpm)"},
    {"session.alert.missed_prompts", "请注意：学员已连续 {missed} 次未回答评分", "Attention: the resident has missed {missed} prompts in a row"},
    {"session.alert.max_dwell", "请注意：本级已停留 {minutes} 分钟，渴求仍未回落", "Attention: {minutes} min at this step without craving settling"},
    {"session.alert.baseline_high", "请注意：基线渴求已达 {craving}，暴露尚未开始", "Attention: baseline craving is {craving}; exposure has not started"},
    {"session.alert.baseline_unsettled", "请注意：基线 {minutes} 分钟仍未平复（渴求 {craving}），今日不进行暴露", "Attention: the baseline has not settled after {minutes} min (craving {craving}); no exposure today"},
    {"session.alert.calm_long", "提醒：学员已在平静空间 {minutes} 分钟", "Reminder: the resident has been in the calm room for {minutes} min"},
    {"session.alert.calm_unsettled", "请注意：平静空间 {minutes} 分钟后仍未平复，今日暴露结束", "Attention: still unsettled after {minutes} min in the calm room; exposure ends for today"},
    {"session.alert.closed_high", "请随访：结束时渴求仍为 {craving}（高于 {end_at_most}）", "Follow up: craving was still {craving} at close (above {end_at_most})"},
    {"session.alert.final_missed", "请随访：结束前最后一次评分缺失", "Follow up: the final report before closing was missed"},
};

} // namespace

std::span<const core::CatalogEntry> strings() { return k_strings; }

// The tables this module's texts may come from, registered on the first lookup.
std::string_view tr(std::string_view key, core::Lang lang) {
    static const core::StringTables registered{k_strings};
    return core::tr(key, lang);
}

} // namespace qx::session
