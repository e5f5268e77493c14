#include "render/offscreen.h"

namespace qx::render {

scene::Image OffscreenTarget::read_eye(int eye) {
    VkExtent2D e = extent();
    scene::Image image(e.width, e.height);
    image.pixels = read_layer_rgba8(static_cast<std::uint32_t>(eye));
    return image;
}

scene::Image OffscreenTarget::read_both() {
    return scene::side_by_side(read_eye(0), read_eye(1));
}

} // namespace qx::render
