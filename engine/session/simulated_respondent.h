// A simulated resident that owns its model, fast-forwarded through the sessions the resident
// already had, so session N of a simulated resident answers as someone N sessions in.
#pragma once

#include "session/protocol.h"
#include "session/respondent.h"

#include <cstdint>
#include <memory>
#include <string>

namespace qx::session {

// Throws core::Error for an unknown model name.
std::unique_ptr<session::Respondent> make_simulated_resident(const session::Protocol& protocol,
                                                             const std::string& model, std::uint64_t seed,
                                                             int previous_sessions);

} // namespace qx::session
