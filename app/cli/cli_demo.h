#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// groundchat-cli demo-scene [--seed N] --out FILE.png [--json]
// Draws a scene of the demo model's synthetic world (what the built-in model knows) and, with --json,
// prints its objects (kind and box in pixels) so answers can be checked against the truth.
int runDemoScene(const std::vector<std::string> &args);

} // namespace gc::cli
