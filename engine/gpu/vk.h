// Vulkan headers and the check macro used by every file that calls Vulkan.
#pragma once

#include "core/error.h"

#include <vulkan/vulkan.h>

namespace qx::gpu {

// "VK_ERROR_DEVICE_LOST" for VK_ERROR_DEVICE_LOST, and so on.
const char* vk_result_name(VkResult result);
inline bool vk_ok(VkResult result) { return result == VK_SUCCESS; }

} // namespace qx::gpu

// Throws core::CallError with the call's text, the VkResult's name and file:line. For set-up
// code; inside the frame loop, results are handled where they are returned.
#define VK_CHECK(call) QX_CHECK_RESULT(call, ::qx::gpu::vk_ok, ::qx::gpu::vk_result_name)
