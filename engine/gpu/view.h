// Where the eyes are and what they are drawn into: the view types every display and the renderer
// share (OpenXR conventions: right-handed, +Y up, −Z forward, metres, radians).
#pragma once

#include "gpu/vk.h"

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <array>
#include <optional>

namespace qx::gpu {

// A field of view as OpenXR gives it: angles in radians from the view axis; left and down are
// negative. Headset lenses make them asymmetric.
struct Fov {
    float left = -0.785f;
    float right = 0.785f;
    float up = 0.785f;
    float down = -0.785f;
};

// Where an eye is and where it looks (OpenXR: −Z forward, +Y up), in metres.
struct Pose {
    glm::vec3 position{0.0f};
    glm::quat orientation{1.0f, 0.0f, 0.0f, 0.0f};
};

struct EyeView {
    Pose pose;
    Fov fov;
};

struct StereoView {
    std::array<EyeView, 2> eyes; // 0 left, 1 right
    float near_z = 0.05f;
};

// A symmetric field of view from a horizontal angle (degrees) and width / height.
Fov symmetric_fov(float horizontal_degrees, float aspect);

// Two eyes `ipd` metres apart (each offset ±ipd/2 along the head's +X) at a head pose.
StereoView stereo_from_head(const Pose& head, float ipd, const Fov& left, const Fov& right,
                            float near_z = 0.05f);

// A pose at `position` looking at `target` with +Y up.
Pose look_at(glm::vec3 position, glm::vec3 target);

// The image both eyes are drawn into: two layers, layer 0 the left eye. It may be an offscreen
// image, an OpenXR swapchain image or anything else; the renderer moves it from
// `initial_layout` to COLOR_ATTACHMENT for drawing and leaves it in `final_layout`.
struct StereoTarget {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE; // 2D_ARRAY view of both layers
    // Single-layer views, needed only when rendering one eye per pass (the multiview test).
    std::array<VkImageView, 2> layer_views{VK_NULL_HANDLE, VK_NULL_HANDLE};
    VkFormat format = VK_FORMAT_R8G8B8A8_SRGB;
    VkExtent2D extent{};
    // The part drawn this frame, from the top left of each layer, when the render scale is below 1
    // (the compositor or the mirror scales it up); zero: all of `extent`.
    VkExtent2D render_extent{};
    VkImageLayout initial_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkImageLayout final_layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;

    VkExtent2D drawn() const { return render_extent.width && render_extent.height ? render_extent : extent; }
    // Optional: where the scene's depth (reversed Z, D32) is left for the compositor (OpenXR's
    // depth layer lets it reproject better). Two layers, like the colour image.
    VkImage depth_image = VK_NULL_HANDLE;
    VkImageView depth_view = VK_NULL_HANDLE;
    VkImageLayout depth_initial_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkImageLayout depth_final_layout = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
};

enum class MirrorEye { left, right, both };

// Where the mirror (and the control panel over it) goes: a window's swapchain image.
struct MirrorTarget {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_B8G8R8A8_SRGB;
    VkExtent2D extent{};
    VkImageLayout initial_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkImageLayout final_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
    // The part of the image the mirror is fitted into (the control panel owns the rest): none is
    // the whole image; an empty one only clears.
    std::optional<VkRect2D> area;
};

} // namespace qx::gpu
