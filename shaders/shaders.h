// The project's shaders as embedded SPIR-V, by source file name ("scene.vert").
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace qx::shaders {

// The SPIR-V of one shader; throws core::Error for a name that was not compiled in.
std::span<const std::uint32_t> spirv(std::string_view name);

} // namespace qx::shaders
