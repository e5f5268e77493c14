#include "gpu/deleter.h"

#include <vector>

namespace qx::gpu {

void DeferredDeleter::defer(std::function<void()> destroy) {
    std::lock_guard lock(m_mutex);
    m_entries.push_back({m_frame, std::move(destroy)});
}

std::uint64_t DeferredDeleter::begin_frame() {
    std::lock_guard lock(m_mutex);
    return ++m_frame;
}

void DeferredDeleter::collect(std::uint64_t completed_frame) {
    std::vector<std::function<void()>> ready;
    {
        std::lock_guard lock(m_mutex);
        while (!m_entries.empty() && m_entries.front().frame <= completed_frame) {
            ready.push_back(std::move(m_entries.front().destroy));
            m_entries.pop_front();
        }
    }
    for (auto& destroy : ready) destroy();
}

void DeferredDeleter::flush() {
    std::deque<Entry> all;
    {
        std::lock_guard lock(m_mutex);
        all.swap(m_entries);
    }
    for (auto& e : all) e.destroy();
}

std::size_t DeferredDeleter::pending() const {
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

} // namespace qx::gpu
