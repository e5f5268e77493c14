// What the open day says, in zh-CN and en (texts suitable for school students). Keys are
// "demo.<thing>"; text may hold fmt-style named fields. Looked up through app::tr.
#include "app/strings.h"

namespace qx::app {
namespace {

constexpr core::CatalogEntry k_strings[] = {
    // the open-day tour (what visitors read; texts suitable for school students)
    {"demo.title", "禁毒教育体验", "Drug-education tour"},
    {"demo.attract.line1", "认清伪装的毒品，看清毒品的危害", "See how drugs are disguised, and what they do"},
    {"demo.attract.line2", "请在工作人员帮助下戴好头显，按 A 键（或回车）开始", "Put on the headset with a staff member's help, then press A (or Enter) to start"},
    {"demo.attract.line2_screen", "按回车键（或手柄 A 键）开始，工作人员可以帮你", "Press Enter (or A on the controller) to start; staff are here to help"},
    {"demo.attract.line3", "全程约 4 分钟 · 不记录任何个人信息", "About 4 minutes · nothing about you is recorded"},
    {"demo.quiz.progress", "小测验 {number}/{count}", "Quiz {number} of {count}"},
    {"demo.quiz.hint", "左右推动摇杆或按 ←/→ 选择，按 A 键（或回车）确认；也可直接按 1–3", "Thumbstick or ←/→ to choose, A (or Enter) to confirm; or press 1–3"},
    {"demo.quiz.correct", "答对了！", "Correct!"},
    {"demo.quiz.wrong", "正确答案是：{answer}", "The answer is: {answer}"},
    {"demo.quiz.disguise.q", "下面哪一样可能是伪装的毒品？", "Which of these could be a disguised drug?"},
    {"demo.quiz.disguise.a0", "来历不明的“奶茶”", "'Milk tea' from someone you don't know"},
    {"demo.quiz.disguise.a1", "超市买的矿泉水", "A bottle of water bought at the supermarket"},
    {"demo.quiz.disguise.a2", "自己家里的苹果", "An apple from your own kitchen"},
    {"demo.quiz.disguise.why", "新型毒品常伪装成奶茶、糖果、“邮票”和电子烟油。来历不明的东西不要吃、不要喝。", "New drugs are often disguised as milk tea, sweets, 'stamps' and e-cigarette liquid. Never eat or drink what you don't know."},
    {"demo.quiz.stamps.q", "印着笑脸的小纸片“邮票”其实是什么？", "What are the little smiley paper 'stamps' really?"},
    {"demo.quiz.stamps.a0", "浸过致幻剂的毒品", "A drug: paper soaked in a hallucinogen"},
    {"demo.quiz.stamps.a1", "普通的贴纸", "Ordinary stickers"},
    {"demo.quiz.stamps.a2", "集邮用的邮票", "Postage stamps for collecting"},
    {"demo.quiz.stamps.why", "“邮票”浸过致幻剂，舔一下就可能出现可怕的幻觉。", "The 'stamps' are soaked in a hallucinogen: one lick can bring terrifying hallucinations."},
    {"demo.quiz.harm.q", "吸毒会伤害什么？", "What does taking drugs harm?"},
    {"demo.quiz.harm.a0", "只伤害身体", "Only the body"},
    {"demo.quiz.harm.a1", "只影响学习和工作", "Only school or work"},
    {"demo.quiz.harm.a2", "身体、家庭和前途都会受到伤害", "The body, the family and the future"},
    {"demo.quiz.harm.why", "毒品伤害大脑和身体，拖垮家庭，也会毁掉学业、工作和前途。", "Drugs damage the brain and body, wear down families, and wreck studies, work and futures."},
    {"demo.quiz.refuse.q", "有人递给你一颗“跳跳糖”，说“很好玩，试试吧”，你应该怎么做？", "Someone hands you 'popping candy' and says 'it's fun, try it'. What do you do?"},
    {"demo.quiz.refuse.a0", "拒绝、离开，并告诉家长或老师", "Say no, leave, and tell a parent or teacher"},
    {"demo.quiz.refuse.a1", "先尝一小口看看", "Try a tiny bit first"},
    {"demo.quiz.refuse.a2", "收下带回家", "Take it home"},
    {"demo.quiz.refuse.why", "不接受来历不明的食品和饮料；遇到有人劝你尝试，拒绝、离开、告诉信任的大人。", "Never accept unknown food or drink; if someone pushes you to try, say no, leave, and tell an adult you trust."},
    {"demo.score.title", "你答对了 {score}/{count} 题", "You got {score} of {count} right"},
    {"demo.score.good", "了不起！请把学到的告诉家人和朋友。", "Well done! Tell your family and friends what you learned."},
    {"demo.score.more", "谢谢参与！记住：拒绝毒品，从不尝第一口开始。", "Thank you for taking part! Remember: saying no starts with never trying the first time."},
    {"demo.score.thanks", "谢谢参观 · 请摘下头显，交给工作人员", "Thank you for visiting · please take off the headset and hand it to staff"},
    {"demo.score.thanks_screen", "谢谢参观 · 请下一位参观者上前", "Thank you for visiting · next visitor, please"},
    {"demo.staff.help", "工作人员：n 下一位参观者 · s 立即结束本轮 · l 切换语言 · y 低龄模式开/关 · +/- 音量 · q 退出 · Ctrl-C 同 q", "Staff: n next visitor · s stop this turn now · l switch language · y younger-audience mode on/off · +/- volume · q quit · Ctrl-C = q"},
    {"demo.staff.state", "语言 {lang} · 低龄模式 {younger} · 音量 {volume}%", "Language {lang} · younger audience {younger} · volume {volume}%"},
    {"demo.staff.turn_started", "第 {number} 位参观者开始（今天第 {today} 位）", "Visitor {number} started (today's {today})"},
    {"demo.staff.turn_completed", "本轮完成：小测验 {score}/{count}", "Turn finished: quiz {score}/{count}"},
    {"demo.staff.turn_abandoned", "本轮未完成即结束（工作人员停止或无人作答）", "Turn ended before the score (stopped by staff, or nobody answering)"},
    {"demo.staff.gpu_lost", "显卡失去响应（{why}）：参观者暂时看不到画面，正在重建显示……", "The GPU stopped responding ({why}): the visitor sees nothing for a moment; rebuilding the display…"},
    {"demo.staff.gpu_not_rebuilt", "显示无法重建（{why}）：展示在此结束，计数已保存。请重新启动程序。", "The display could not be rebuilt ({why}): the open day stops here with its counts kept. Start the program again."},
    {"demo.staff.gpu_rebuilt", "显示已在新的显卡设备上重建（{display}），参观继续。", "The display is rebuilt on a new GPU device ({display}); the tour goes on."},
    {"demo.staff.stats", "统计（仅计数，无个人信息）：{path}", "Counts (no personal information): {path}"},
    {"demo.staff.stats_set_aside", "无法读取统计文件 {file}（{reason}），已另存为 {kept_as}，从零开始计数", "The counts file {file} could not be read ({reason}); it is kept as {kept_as} and counting starts afresh"},
    {"demo.staff.on", "开", "on"},
    {"demo.staff.off", "关", "off"},
    {"demo.no_cue_scenes", "开放日模式只能播放展厅场景，不能打开暴露训练场景或方案", "Demo mode shows only the open-day exhibits: exposure scenes and protocols cannot be opened from it"},
};

} // namespace

std::span<const core::CatalogEntry> demo_strings() { return k_strings; }

} // namespace qx::app
