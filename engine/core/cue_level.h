// Cue levels: 0 (neutral) up to the strongest cues a scene has. Scenes gate their cues by level
// and protocols climb a ladder of levels; both read the top level from here.
#pragma once

namespace qx::core {

inline constexpr int k_max_cue_level = 4;
inline constexpr int k_cue_level_count = k_max_cue_level + 1;

} // namespace qx::core
