#include "core/i18n.h"

#include "core/log.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <unordered_map>

namespace qx::core {
namespace {

std::atomic<Lang> g_lang{Lang::zh_CN};

const std::unordered_map<std::string_view, const CatalogEntry*>& index() {
    static const auto map = [] {
        std::unordered_map<std::string_view, const CatalogEntry*> m;
        for (const CatalogEntry& e : catalog()) m.emplace(e.key, &e);
        return m;
    }();
    return map;
}

} // namespace

std::string_view lang_code(Lang lang) { return lang == Lang::zh_CN ? "zh-CN" : "en"; }

std::optional<Lang> parse_lang(std::string_view code) {
    if (code == "zh-CN" || code == "zh" || code == "zh_CN") return Lang::zh_CN;
    if (code == "en" || code == "en-US" || code == "en_US") return Lang::en;
    return std::nullopt;
}

Lang current_lang() { return g_lang.load(std::memory_order_relaxed); }
void set_current_lang(Lang lang) { g_lang.store(lang, std::memory_order_relaxed); }

std::string_view tr(std::string_view key, Lang lang) {
    const auto& map = index();
    auto it = map.find(key);
    if (it == map.end()) {
        static std::mutex mutex;
        static std::set<std::string, std::less<>> reported;
        std::lock_guard lock(mutex);
        if (reported.insert(std::string(key)).second) log_warn("i18n", "no text for '{}' in the catalogue", key);
        return key;
    }
    return lang == Lang::zh_CN ? it->second->zh_cn : it->second->en;
}

} // namespace qx::core
