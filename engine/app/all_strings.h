#pragma once

namespace qx::app {

// Registers every module's string table, the stage's included, for what needs them all rather
// than the keys it looks up: the panel's glyph atlas (every character any screen may show) and
// the tests of the tables. Idempotent. In qx_app, as it links the stage.
void register_all_strings();

} // namespace qx::app
