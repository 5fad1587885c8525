#pragma once

// Which of a repository's files a pull fetches: what transformers reads for a PyTorch model and nothing
// else. The weights as safetensors when the repository has them (else PyTorch .bin); never the ONNX,
// TensorFlow, Flax, GGUF, Core ML, OpenVINO or TFLite copies that many repositories carry beside them.
#include "hubrevision.h"

// The files to fetch, config.json first; throws std::runtime_error when the revision has no config.json.
[[nodiscard]] QList<HubFile> chooseHubFiles(const HubRevision &revision);
