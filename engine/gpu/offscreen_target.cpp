#include "gpu/offscreen_target.h"

#include "gpu/readback.h"

namespace qx::gpu {

OffscreenTarget::OffscreenTarget(Context& ctx, VkExtent2D extent, VkFormat format) : m_ctx(ctx) {
    ImageDesc desc;
    desc.format = format;
    desc.extent = extent;
    desc.layers = 2;
    desc.usage =
        VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    m_image = Image(ctx, desc, "offscreen stereo target");
    m_layers[0] = m_image.make_layer_view(0);
    m_layers[1] = m_image.make_layer_view(1);
}

StereoTarget OffscreenTarget::target() const {
    StereoTarget t;
    t.image = m_image.get();
    t.view = m_image.view();
    t.layer_views = {m_layers[0].get(), m_layers[1].get()};
    t.format = m_image.desc().format;
    t.extent = m_image.desc().extent;
    t.initial_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    t.final_layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
    return t;
}

std::vector<std::uint8_t> OffscreenTarget::read_layer_rgba8(std::uint32_t eye) {
    return read_image_rgba8(m_ctx, m_image.get(), m_image.desc().format, extent(), eye,
                            VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
}

} // namespace qx::gpu
