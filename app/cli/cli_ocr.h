#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// groundchat-cli ocr --image FILE [--box x1,y1,x2,y2] [--lang eng+chi_sim] [--json]
int runOcr(const std::vector<std::string> &args);

} // namespace gc::cli
