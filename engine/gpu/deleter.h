#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace qx::gpu {

// Destroys GPU objects only once the GPU can no longer be using them: a destruction deferred
// during frame N runs when frame N's fence has signalled. Thread-safe.
class DeferredDeleter {
public:
    // Runs `destroy` once every frame submitted so far has completed.
    void defer(std::function<void()> destroy);
    // A frame ring calls this when it starts recording a frame: the frame's number, counted
    // across every ring on the device (the headset's and a window's) in submission order, so a
    // completed number means every frame before it is done too (one queue: a fence signals after
    // everything submitted before it).
    std::uint64_t begin_frame();
    // A frame ring calls this when frame `frame` and all before it have completed on the GPU.
    void collect(std::uint64_t completed_frame);
    // Runs everything (the device must be idle).
    void flush();
    std::size_t pending() const;

private:
    struct Entry {
        std::uint64_t frame;
        std::function<void()> destroy;
    };
    mutable std::mutex m_mutex;
    std::deque<Entry> m_entries;
    std::uint64_t m_frame = 0;
};

} // namespace qx::gpu
