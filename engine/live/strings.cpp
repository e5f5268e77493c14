// What the session host says, in zh-CN and en, when the records cannot be written: the therapist
// reads it (terminal, panel) and the pause it causes carries it as its reason. Keys are
// "live.<thing>"; text may hold fmt-style named fields.
#include "live/strings.h"

namespace qx::live {
namespace {

constexpr core::CatalogEntry k_strings[] = {
    {"live.storage.disk_full", "记录无法保存：磁盘已满", "Records cannot be saved: the disk is full"},
    {"live.storage.read_only", "记录无法保存：记录文件只读", "Records cannot be saved: the records file is read-only"},
    {"live.storage.io_error", "记录无法保存：磁盘读写出错", "Records cannot be saved: the disk reports a read/write error"},
    {"live.storage.other", "记录无法保存：记录数据库无法写入", "Records cannot be saved: the records database cannot be written"},
    {"live.storage.back_reason", "记录恢复保存，继续暴露", "records are being saved again; exposure continues"},
    {"live.storage.failing", "{problem}。暴露已暂停，学员的评分暂不显示“已记录”；正在重试，已保存的记录不受影响。", "{problem}. Exposure is paused and the resident's ratings are not shown as recorded; retrying. What is saved stays saved."},
    {"live.storage.back", "记录恢复保存（中断 {seconds} 秒），训练继续。", "Records are being saved again (after {seconds} s); the session goes on."},
    {"live.storage.gave_up", "{problem}，已持续 {seconds} 秒：训练在此中断。此前已保存的记录保留；腾出空间后可继续该训练（--resume {id}）。", "{problem}, for {seconds} s: the session stops here. What was saved before is kept; free some space, then continue it (--resume {id})."},
    {"live.heart_rate.bad_source", "--heart-rate 应为 ble（第一条找到的心率带）、ble:地址 或 replay:文件.csv，而不是“{source}”", "--heart-rate takes ble (the first strap found), ble:ADDRESS or replay:FILE.csv, not '{source}'"},
    {"live.heart_rate.bad_address", "蓝牙地址应为 AA:BB:CC:DD:EE:FF 的形式，而不是“{address}”", "A Bluetooth address looks like AA:BB:CC:DD:EE:FF, not '{address}'"},
    {"live.heart_rate.no_ble", "此版本尚不能在本系统上连接蓝牙心率带（Windows 版的蓝牙支持尚未完成）；可用 replay:文件.csv 回放记录", "This build cannot connect to Bluetooth heart-rate straps on this system yet (Windows Bluetooth is still to come); replay:FILE.csv replays a recording"},
    {"live.storage.low_space", "注意：记录所在磁盘仅剩 {free} MB 可用（低于 {margin} MB）；请尽快清理，否则记录可能无法保存。", "Warning: only {free} MB free on the records disk (below {margin} MB); free some space, or records may not be saved."},
};

} // namespace

std::span<const core::CatalogEntry> strings() { return k_strings; }

std::string_view tr(std::string_view key, core::Lang lang) {
    static const core::StringTables registered{k_strings};
    return core::tr(key, lang);
}

} // namespace qx::live
