#pragma once

#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace qx::core {

// The one exception type of the engine. `what()` is the full message; `hint()` is an optional
// plain-words likely cause a person can act on ("start SteamVR or Monado, or run with
// --display desktop"), shown in the panel and the log beside the message.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, std::string hint = {})
        : std::runtime_error(message), m_hint(std::move(hint)) {}

    const std::string& hint() const { return m_hint; }

private:
    std::string m_hint;
};

// A failed API call (Vulkan, OpenXR, OpenAL, SQLite...): the call's text, the result's name and
// the source place, so a log line alone says what failed where.
class CallError : public Error {
public:
    CallError(std::string call, std::string result, const char* file, int line, std::string hint = {});

    const std::string& call() const { return m_call; }
    const std::string& result() const { return m_result; }
    const std::string& place() const { return m_place; }

private:
    std::string m_call;
    std::string m_result;
    std::string m_place;
};

// Builds "what (hint)" for one-line display of any exception.
std::string describe(const std::exception& e);

[[noreturn]] void throw_call_error(std::string_view call, std::string_view result, const char* file, int line);

} // namespace qx::core

// Checks an API result: QX_CHECK_RESULT(call, ok, name) evaluates `call` once; when `ok(result)` is
// false it throws qx::core::CallError carrying the call's text, `name(result)` and file:line.
// Modules wrap it: VK_CHECK(expr), XR_CHECK(expr), AL_CHECK(expr), SQL_CHECK(expr).
#define QX_CHECK_RESULT(call, ok, name)                                                                      \
    do {                                                                                                     \
        auto qx_result_ = (call);                                                                            \
        if (!(ok)(qx_result_)) ::qx::core::throw_call_error(#call, (name)(qx_result_), __FILE__, __LINE__); \
    } while (0)

// Throws qx::core::Error with a formatted message when `cond` is false.
#define QX_ENSURE(cond, ...)                                                                                 \
    do {                                                                                                     \
        if (!(cond)) throw ::qx::core::Error(::fmt::format(__VA_ARGS__));                                    \
    } while (0)
