#pragma once

#include "args.h"
#include "runtime/local_model.h"

#include <string>
#include <vector>

namespace gc::cli {

// The generation options given on the command line (--max-new-tokens, --temperature, --top-p, --top-k,
// --seed, --no-repeat-ngram-size, --num-beams); whether they sample is the runtime's rule (runtime/sampling_rule.h).
[[nodiscard]] runtime::GenerationParams generationOptions(const Args &args);

// --tiles auto|N: 0 for auto (a grid chosen from the image's and the model's sizes), else tiles a side (1: the
// whole image only, also without the option). Throws UsageError for anything else.
constexpr int kMaxTilesASide = 8;
[[nodiscard]] int tilesOption(const Args &args);

// groundchat-cli ask --model DIR --image FILE (--prompt TEXT | --task NAME [--prompt INPUT])
//   [--max-new-tokens N] [--json] [--num-beams N] [--temperature T] [--top-p P] [--top-k K] [--seed S]
//   [--no-repeat-ngram-size N] [--overlay OUT.png] [--dump DIR2] [--threads N] [--device cpu|cuda] [--tiles auto|N]
// --task builds the prompt of one of the dialect's tasks ("detect", "<OD>" or "OD"), --prompt being its
// input. --json adds "tokens", the generated ids (after an encoder-decoder model's start token).
// Runs the model in-process, streams the answer, and ends with the grounded result (parse's JSON shape,
// pixel coordinates of the original image). Throws UsageError (exit 2) or InputError (exit 3).
int runAsk(const std::vector<std::string> &argv);

} // namespace gc::cli
