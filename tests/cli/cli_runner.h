#pragma once

#include <string>
#include <vector>

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs groundchat-cli with `args`, feeding `input` on stdin.
CliResult runCli(const std::vector<std::string> &args, const std::string &input = {});
