// What the program itself says, in zh-CN and en: its name, and what the session, run and report
// modes tell the therapist. Keys are "app.<thing>"; text may hold fmt-style named fields. The
// open day's strings are in demo/strings.cpp, the control panel's in panel/strings.cpp.
#include "app/strings.h"

#include "session/strings.h"
#include "ui/strings.h"

namespace qx::app {
namespace {

constexpr core::CatalogEntry k_strings[] = {
    // app
    {"app.name", "清醒", "Qingxing"},
    {"app.tagline", "戒毒康复 VR 暴露脱敏训练", "VR exposure–desensitization training for drug rehabilitation"},
    // app — what the session, run and report modes tell the therapist
    {"app.session.headless", "无头模式：模拟学员（{model}）作答，时间加速运行。", "Headless: a simulated resident ({model}) answers, in accelerated time."},
    {"app.session.interrupted", "学员 {resident} 有一次中断的训练（记录 {id}，第 {step} 级，已进行 {minutes} 分钟）。继续：--resume {id}；结束：--close {id}", "{resident} has an interrupted session (record {id}, step {step}, {minutes} min done). Resume it with --resume {id} or close it with --close {id}."},
    {"app.session.closed_interrupted", "已结束中断的训练（记录 {id}）。", "Closed the interrupted session (record {id})."},
    {"app.session.resumed", "继续中断的训练（记录 {id}），从第 {step} 级开始。", "Resuming the interrupted session (record {id}) at step {step}."},
    {"app.session.started", "{resident} 的第 {number} 次训练开始：{protocol}，从第 {step} 级开始（记录 {id}）。", "Session {number} for {resident} started: {protocol}, from step {step} (record {id})."},
    {"app.session.done", "训练结束：{minutes} 分钟，{reports} 次评分均已保存；最高到第 {highest} 级，低于上限的最高级 {under}，结束时渴求 {final}。", "Session finished: {minutes} min, {reports} reports, all saved; highest step {highest}, highest under the ceiling {under}, craving at close {final}."},
    {"app.session.record_at", "记录：{path}（训练记录 {id}）", "Record: {path} (session record {id})"},
    {"app.session.report_at", "报告：{path}", "Report: {path}"},
    {"app.session.report_failed", "报告未能写出（{why}）；记录已安全保存，之后可用 qingxing report --resident {resident} 生成。", "The report could not be written ({why}); the records are safe. Make it later with qingxing report --resident {resident}."},
    // app — a session on a display: what the therapist reads in the terminal and window title
    {"app.session.display", "显示：{name}", "Display: {name}"},
    {"app.session.gpu_lost", "显卡失去响应（{why}）：学员暂时看不到画面，训练记录继续保存，正在重建显示……", "The GPU stopped responding ({why}): the resident sees nothing for a moment; the records go on; rebuilding the display…"},
    {"app.session.gpu_rebuilt", "显示已在新的显卡设备上重建（{display}），训练继续。", "The display is rebuilt on a new GPU device ({display}); the session goes on."},
    {"app.session.gpu_not_rebuilt", "显示无法重建（{why}）：训练在此中断，记录已保存，可用 --resume 继续。", "The display could not be rebuilt ({why}): the session stops here with its records kept; continue it with --resume."},
    {"app.session.answered_by_person", "由学员本人作答（头显手柄或键盘）", "The resident answers (controller or keyboard)"},
    {"app.session.answered_by_model", "由模拟学员（{model}）作答", "Answered by a simulated resident ({model})"},
    {"app.session.console_help", "终端控制：q 立即结束（记录保留，可继续）· c 平静空间 · r 返回 · p 暂停/继续 · +/- 升/降级 · n 立即询问 · Ctrl-C 同 q", "Terminal: q end now (records kept, resumable) · c calm room · r return · p pause/resume · +/- step up/down · n ask now · Ctrl-C = q"},
    {"app.session.title", "{resident} · {state} · 第 {step}/{steps} 级 · 剩余 {remaining} 分钟", "{resident} · {state} · step {step}/{steps} · {remaining} min left"},
    {"app.session.title_prompt", "请评分：按 0–9（- 为 10），或 ←/→ 后回车", "Rate now: press 0–9 (- for 10), or ←/→ then Enter"},
    {"app.session.display_lost", "头显画面中断（{state}）：暴露已暂停，记录保留。", "The headset stopped showing the scene ({state}): exposure paused, records kept."},
    {"app.session.display_back", "头显画面恢复：继续训练。", "The headset shows the scene again: the session continues."},
    {"app.session.not_all_saved", "训练记录未能全部写入（{problem}）：{reports} 次评分中 {saved} 次已保存。已保存的记录保留；训练记为中断，腾出空间后可用 --resume {id} 继续。", "Not all of the session's records could be written ({problem}): {saved} of {reports} craving reports are on disk. What is saved is kept; the session counts as interrupted: free some space, then continue it with --resume {id}."},
    // app — the encrypted records and the centre secret
    {"app.records.secret_weak", "中心密钥至少需要 {chars} 个字符（汉字算一个），且不能是同一个字符重复。", "The centre secret needs at least {chars} characters (a Chinese character counts as one) and cannot be one character repeated."},
    {"app.records.key_missing", "无法读取记录数据库 {db}：它要么是加密的记录而旁边缺少密钥文件 {key}（没有它任何人都无法打开这些记录，请从备份中放回），要么根本不是记录数据库。文件未被改动。", "The records database {db} cannot be read: either it is encrypted records whose key file {key} is missing beside it (without it nobody can open them: put it back from your backup, see the README, \"Encrypted records\"), or it is not a records database at all. The file was not touched."},
    {"app.records.key_not_written", "无法创建记录的密钥文件（{why}）。", "The records' key file could not be created ({why})."},
    {"app.records.wrong_secret", "中心密钥不正确：{db} 未被打开，也未被改动。", "The centre secret is wrong: {db} was neither opened nor changed."},
    {"app.records.key_unusable", "密钥文件 {key} 无法使用（{why}）：数据库未被改动。请从备份中恢复密钥文件。", "The key file {key} cannot be used ({why}): the database was not touched. Restore the key file from your backup."},
    {"app.records.secret_file_missing", "密钥文件 {file} 不存在或不是普通文件（--secret-file 或 QINGXING_SECRET_FILE）。", "The secret file {file} does not exist or is not a regular file (--secret-file or QINGXING_SECRET_FILE)."},
    {"app.records.secret_file_open", "密钥文件 {file} 其他账户也能读取：请先设为仅本人可读（chmod 600 {file}）。", "Other accounts can read the secret file {file}: make it private first (chmod 600 {file})."},
    {"app.records.secret_file_empty", "密钥文件 {file} 的第一行是空的。", "The first line of the secret file {file} is empty."},
    {"app.records.first_start", "首次使用：{db} 中的记录将被加密保存。请为本中心设置一个中心密钥（至少 {chars} 个字符）。\n重要：中心密钥一旦遗失，任何人（包括开发者）都无法再打开这些记录。请把它写在纸上，封存在保险柜里，并告诉第二位负责人存放的位置。", "First start: the records in {db} will be kept encrypted. Set a centre secret for this centre (at least {chars} characters).\nImportant: if the centre secret is lost, nobody (the developers included) can ever open these records again. Write it on paper, seal it in the safe, and tell a second person in charge where it is."},
    {"app.records.no_key_yet", "{db} 还没有由中心密钥保护的密钥文件：首次启动时会设置中心密钥。", "{db} has no key file sealed by a centre secret yet: the first start sets the centre secret."},
    {"app.records.first_start_loss", "设置新的中心密钥。重要：新密钥一旦遗失，任何人都无法再打开这些记录；旧密钥将不再有效。请把新密钥写在纸上封存，并替换保险柜中的旧密钥。", "Set a new centre secret. Important: if the new secret is lost, nobody can open these records again; the old one stops working. Write the new one on paper, seal it, and replace the old one in the safe."},
    {"app.records.secret_changed", "中心密钥已更换：{key} 已用新密钥重新封存，旧密钥不再能打开记录。记录本身未改动。请同时更新密钥文件的备份。", "The centre secret is changed: {key} is sealed anew and the old secret no longer opens the records. The records themselves are unchanged. Update the backup of the key file too."},
    {"app.records.ask_new", "新的中心密钥：", "New centre secret: "},
    {"app.records.ask_again", "再输入一次：", "Type it again: "},
    {"app.records.ask", "中心密钥（解锁记录）：", "Centre secret (unlocks the records): "},
    {"app.records.secrets_differ", "两次输入的中心密钥不一致，未做任何更改。", "The two secrets differ; nothing was changed."},
    {"app.records.no_secret", "{db} 中的记录已加密，需要中心密钥：请用 --secret-file 文件（或 QINGXING_SECRET_FILE）给出，或在终端中启动以便输入。", "The records in {db} are encrypted and need the centre secret: give it with --secret-file FILE (or QINGXING_SECRET_FILE), or start from a terminal to type it."},
    {"app.records.key_created", "已为 {db} 创建新的加密密钥，由中心密钥保护，保存在 {key}。请把数据库和密钥文件一起备份；没有中心密钥，两者都无法打开。", "A new encryption key for {db} was made, protected by the centre secret, in {key}. Back up the database and the key file together; without the centre secret neither can be opened."},
    {"app.records.encrypted_now", "{db} 中原有的未加密记录已全部加密。原文件保留为 {backup}（未加密，仅本账户可读）：确认记录能正常打开后，请删除该文件。", "The unencrypted records in {db} are now all encrypted. The original is kept as {backup} (unencrypted, readable by this account only): once you have checked that the records open, delete it."},
    {"app.records.backup_remains", "提醒：未加密的旧记录备份 {backup} 仍在。确认记录能正常打开后请删除它。", "Reminder: the unencrypted backup of old records {backup} is still there. Delete it once you have checked that the records open."},
    // app — sealed exports
    {"app.seal.ask", "导出文件的口令：", "Passphrase for the sealed export: "},
    {"app.seal.differ", "两次输入的口令不一致，未导出。", "The two passphrases differ; nothing was exported."},
    {"app.seal.none", "需要口令：请在终端中输入，或用 --passphrase-file 文件给出。", "A passphrase is needed: type it at a terminal, or give it with --passphrase-file FILE."},
    {"app.seal.weak", "口令至少需要 {chars} 个字符。", "The passphrase needs at least {chars} characters."},
    {"app.seal.out_or_sealed", "请给出 --out 文件夹或 --sealed 文件（二选一）。", "Give either --out FOLDER or --sealed FILE (one of them)."},
    {"app.seal.written", "{resident} 的报告已加密封存为 {path}。在另一台电脑上用 qingxing unseal 打开；口令请另行告知接收人（不要写在同一个U盘上）。", "{resident}'s report is sealed into {path}. Open it on the other machine with qingxing unseal; tell the recipient the passphrase separately (never on the same stick)."},
    {"app.seal.opened", "已打开：{files} 个文件写入 {path}。", "Opened: {files} files written to {path}."},
    {"app.cli.db_folder_missing", "记录数据库所在的文件夹 {folder} 不存在（是否输错？）。请先创建该文件夹，或检查 --db。", "The folder {folder} for the records database does not exist (mistyped?). Create it first, or check --db."},
    {"app.cli.db_is_folder", "{path} 是一个文件夹，不是记录数据库文件：请在 --db 中给出文件名。", "{path} is a folder, not a records database file: give a file name with --db."},
    {"app.cli.out_system_folder", "不会把报告写入系统文件夹 {folder}：请用 --out 指定其他文件夹。", "Reports are not written into the system folder {folder}: choose another folder with --out."},
    {"app.session.ended_now", "训练已按要求立即结束；记录已保存，可用 --resume {id} 继续。", "Session ended now as asked; its records are saved. Continue it with --resume {id}."},
    {"app.session.reason_console", "治疗师在终端发出", "from the therapist's terminal"},
    {"app.session.reason_resident_break", "学员请求休息", "the resident asked for a break"},
    {"app.session.reason_display_lost", "头显画面中断", "the headset stopped showing the scene"},
    {"app.session.reason_gpu_lost", "显卡失去响应，画面重建中", "the GPU stopped responding; the display is being rebuilt"},
    {"app.session.reason_gpu_back", "显示已在新的显卡设备上重建", "the display is rebuilt on a new GPU device"},
    {"app.session.reason_display_back", "头显画面恢复", "the headset shows the scene again"},
    // app — the run and report modes
    {"app.run.header", "{protocol} · {source} · {sessions} 次训练", "{protocol} · {source} · {sessions} sessions"},
    {"app.run.model_source", "模拟学员 {model}（种子 {seed}）", "simulated resident {model} (seed {seed})"},
    {"app.run.replay_source", "回放 {files}", "replay of {files}"},
    {"app.run.session_line", "第 {number} 次：第 {start} → {end} 级，基线 {tonic}，峰值 {peak}，低于上限的最高级 {under}，结束时 {final}，平静空间 {calm} 次，安全规则 {safety} 次，未回答 {missed} 次", "Session {number}: step {start} → {end}, baseline {tonic}, peak {peak}, highest under the ceiling {under}, at close {final}, calm room {calm}×, safety rules {safety}×, missed prompts {missed}"},
    {"app.run.highest", "疗程中低于上限的最高级：{under}（首次在最高级低于上限：第 {first} 次）", "Highest step under the ceiling in the course: {under} (top step first under the ceiling: session {first})"},
    {"app.run.highest_never", "疗程中低于上限的最高级：{under}（尚未在最高级保持低于上限）", "Highest step under the ceiling in the course: {under} (not yet at the top step)"},
    {"app.report.written", "已写出 {resident} 的报告（{sessions} 次训练）：{path}", "Report for {resident} ({sessions} sessions): {path}"},
    {"app.report.no_resident", "记录 {db} 中没有学员 {resident}", "There is no resident {resident} in the records {db}"},
    {"app.report.no_records", "没有找到训练记录 {db}（用 --db 指定）", "No records found at {db} (pass the file with --db)"},
};

} // namespace

std::span<const core::CatalogEntry> strings() { return k_strings; }

// The tables this module's texts may come from, registered on the first lookup.
std::string_view tr(std::string_view key, core::Lang lang) {
    static const core::StringTables registered{session::strings(), ui::strings(), k_strings, demo_strings(),
                                               panel_strings()};
    return core::tr(key, lang);
}

} // namespace qx::app
