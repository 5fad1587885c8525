#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// groundchat-cli ask --server URL --model NAME [--api-key-env VAR] --image FILE --prompt TEXT
//   [--dialect ID] [--json] [--max-new-tokens N] [--temperature T] [--top-p P] [--top-k K] [--seed S]
//   [--max-image-side N] [--connect-timeout S] [--idle-timeout S] [--concurrency N] [--overlay OUT.png]
// Asks an OpenAI-compatible server, streams its answer to stdout and ends with the grounded result in
// parse's JSON shape (pixels of the original image). Throws UsageError (exit 2) or InputError (exit 3).
int runAskRemote(const std::vector<std::string> &argv);

} // namespace gc::cli
