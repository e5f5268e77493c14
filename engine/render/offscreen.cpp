#include "render/offscreen.h"

#include "gpu/readback.h"

namespace qx::render {

OffscreenTarget::OffscreenTarget(gpu::Context& ctx, VkExtent2D extent, VkFormat format) : m_ctx(ctx) {
    gpu::ImageDesc desc;
    desc.format = format;
    desc.extent = extent;
    desc.layers = 2;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    m_image = gpu::Image(ctx, desc, "offscreen stereo target");
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

scene::Image OffscreenTarget::read_eye(int eye) {
    VkExtent2D e = extent();
    scene::Image image(e.width, e.height);
    image.pixels = gpu::read_image_rgba8(m_ctx, m_image.get(), m_image.desc().format, e, static_cast<std::uint32_t>(eye),
                                         VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    return image;
}

scene::Image OffscreenTarget::read_both() { return scene::side_by_side(read_eye(0), read_eye(1)); }

} // namespace qx::render
