#include "core/i18n.h"

#include "core/log.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>

namespace qx::core {

namespace {

std::atomic<Lang> g_lang{Lang::zh_CN};

// Every registered table and an index of their keys. Lookups (every frame, from the panel) take
// the lock shared; registration, once per module, takes it alone.
struct Registry {
    std::shared_mutex mutex;
    std::vector<std::span<const CatalogEntry>> tables;
    std::unordered_map<std::string_view, const CatalogEntry*> index;
};

// Adds `table` unless it is there already; returns the keys some earlier table holds.
std::vector<std::string_view> add_locked(Registry& r, std::span<const CatalogEntry> table) {
    std::vector<std::string_view> clashes;
    auto same = [&](std::span<const CatalogEntry> t) {
        return t.data() == table.data() && t.size() == table.size();
    };
    if (std::ranges::any_of(r.tables, same)) return clashes;
    r.tables.push_back(table);
    for (const CatalogEntry& e : table) {
        if (!r.index.emplace(e.key, &e).second) clashes.push_back(e.key);
    }
    return clashes;
}

Registry& registry() {
    static Registry r;
    return r;
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

void add_strings(std::span<const CatalogEntry> table) {
    Registry& r = registry();
    std::vector<std::string_view> clashes;
    {
        std::unique_lock lock(r.mutex);
        clashes = add_locked(r, table);
    }
    // Logged outside the lock: the first table to register a key keeps it.
    for (std::string_view key : clashes) {
        log_warn("i18n", "'{}' is in two string tables; the first one's text is used", key);
    }
}

std::vector<CatalogEntry> catalog() {
    Registry& r = registry();
    std::shared_lock lock(r.mutex);
    std::vector<CatalogEntry> all;
    for (std::span<const CatalogEntry> t : r.tables) all.insert(all.end(), t.begin(), t.end());
    return all;
}

std::string_view tr(std::string_view key, Lang lang) {
    Registry& r = registry();
    {
        std::shared_lock lock(r.mutex);
        auto it = r.index.find(key);
        if (it != r.index.end()) return lang == Lang::zh_CN ? it->second->zh_cn : it->second->en;
    }
    static std::mutex mutex;
    static std::set<std::string, std::less<>> reported;
    std::lock_guard lock(mutex);
    if (reported.insert(std::string(key)).second) log_warn("i18n", "no text for '{}' in any string table", key);
    return key;
}

} // namespace qx::core
