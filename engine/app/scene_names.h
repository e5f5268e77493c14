#pragma once

#include <string>
#include <vector>

namespace qx::app {

// The scene names protocols may use: the scenes in <data_root>/scenes (*.scene.json). Until the
// scene library (issue #5) ships files, the five scenes it is to deliver, so protocols can be
// checked today and a typo in one is still caught.
std::vector<std::string> known_scene_names();

} // namespace qx::app
