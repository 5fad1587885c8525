#pragma once

#include <string>
#include <vector>

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs groundchat-cli with `args`, feeding `input` on stdin. Unless the test set XDG_CACHE_HOME itself, the CLI
// runs with it at testCacheHome(), so that packed weights never go into the user's cache.
CliResult runCli(const std::vector<std::string> &args, const std::string &input = {});

// A cache folder of this test process's own, removed when it exits.
[[nodiscard]] const std::string &testCacheHome();
