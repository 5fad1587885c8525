#pragma once

#include "io/image_loader.h"

#include <memory>
#include <string>
#include <vector>

namespace gc::cli {

// groundchat-cli annotate --input DIR --output FILE --format ID --task caption|detect|refer [--phrases FILE]
//   [--model DIR | --server URL --model NAME] [--dialect ID] [--concurrency N] [--resume] [--max-new-tokens N]
// Runs the task over every image of DIR (sorted by name) and writes FILE atomically at the end; finished images
// are journaled in FILE.journal so --resume continues an interrupted run.
int runAnnotate(const std::vector<std::string> &argv);

// One model that answers prompts about images: in-process or a server. ask() may be called from the worker
// thread that created the answerer only.
class Answerer {
public:
    virtual ~Answerer() = default;
    [[nodiscard]] virtual std::string dialectId() const = 0;
    // The raw text the dialect decodes; throws std::runtime_error on failure.
    virtual std::string ask(const std::string &imagePath, const io::RgbImage &image, const std::string &prompt) = 0;
};

// cli_annotate_remote.cpp: an OpenAI-compatible server (`ask --server`'s backend). Throws UsageError/InputError.
std::unique_ptr<Answerer> makeRemoteAnswerer(const std::string &server, const std::string &model,
                                             const std::string &dialect, int maxNewTokens);

} // namespace gc::cli
