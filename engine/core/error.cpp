#include "core/error.h"

namespace qx::core {

CallError::CallError(std::string call, std::string result, const char* file, int line, std::string hint)
    : Error(fmt::format("{} failed with {} at {}:{}", call, result, file, line), std::move(hint)),
      m_call(std::move(call)), m_result(std::move(result)), m_place(fmt::format("{}:{}", file, line)) {}

std::string describe(const std::exception& e) {
    if (auto* err = dynamic_cast<const Error*>(&e); err && !err->hint().empty()) {
        return fmt::format("{} — {}", err->what(), err->hint());
    }
    return e.what();
}

void throw_call_error(std::string_view call, std::string_view result, const char* file, int line) {
    throw CallError(std::string(call), std::string(result), file, line);
}

} // namespace qx::core
