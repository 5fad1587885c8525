#pragma once

#include <string>
#include <vector>

namespace gc::cli {

int runDialects(const std::vector<std::string> &args);
int runParse(const std::vector<std::string> &args);
int runFormat(const std::vector<std::string> &args);

} // namespace gc::cli
