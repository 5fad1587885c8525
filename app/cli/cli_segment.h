#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// groundchat-cli segment --image FILE (--box x1,y1,x2,y2 | --point x,y[,neg])... [--model FILE] --out MASK.png [--json]
int runSegment(const std::vector<std::string> &args);
// groundchat-cli marks --image FILE [--max N] [--out MARKED.png] [--json]
int runMarks(const std::vector<std::string> &args);

} // namespace gc::cli
