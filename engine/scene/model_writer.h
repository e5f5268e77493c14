#pragma once

#include "scene/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qx::scene {

// Encodes `model` as binary glTF 2.0 (.glb). Texture i is referenced by the URI
// `texture_uris[i]` (a PNG the caller writes beside the file); texture images are not embedded.
// Deterministic: the same model gives the same bytes.
std::vector<std::uint8_t> encode_glb(const Model& model, const std::vector<std::string>& texture_uris);

} // namespace qx::scene
