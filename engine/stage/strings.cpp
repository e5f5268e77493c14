// What the stage says, in zh-CN and en: the craving prompt the resident reads in the headset,
// and why a display was not used. Keys are "stage.<thing>"; text may hold fmt-style named fields.
#include "stage/strings.h"

namespace qx::stage {
namespace {

constexpr core::CatalogEntry k_strings[] = {
    // the craving prompt in the headset (what the resident reads)
    {"stage.prompt.question", "此刻，你对毒品的渴求有多强？", "How strong is your craving right now?"},
    {"stage.prompt.none", "0 完全没有", "0 none at all"},
    {"stage.prompt.extreme", "10 非常强烈", "10 as strong as it gets"},
    {"stage.prompt.hint", "左右推动摇杆（或按 ←/→）选择，按 A 键（或回车）确认", "Thumbstick left/right (or ←/→) to choose, A button (or Enter) to confirm"},
    {"stage.prompt.break_hint", "需要休息？随时按 B 键", "Need a break? Press B at any time"},
    {"stage.prompt.recorded", "已记录，谢谢你", "Recorded. Thank you"},
    {"stage.prompt.break", "好的，现在带你去平静空间休息", "All right: taking you to the calm room now"},
    {"stage.prompt.cannot_save", "请稍等：你的回答暂时无法保存", "Please wait: your answers cannot be saved just now"},
    {"stage.prompt.cannot_save_sub", "治疗师已经知道，正在处理", "Your therapist knows and is dealing with it"},
    {"stage.prompt.break_sub", "深呼吸，慢慢来", "Breathe slowly; take your time"},
    // the display: what the therapist reads when one cannot be used
    {"stage.display_not_used", "未使用 {reason}", "Not used: {reason}"},
};

} // namespace

std::span<const core::CatalogEntry> strings() { return k_strings; }

// The tables this module's texts may come from, registered on the first lookup.
std::string_view tr(std::string_view key, core::Lang lang) {
    static const core::StringTables registered{k_strings};
    return core::tr(key, lang);
}

} // namespace qx::stage
