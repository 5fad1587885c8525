#pragma once

// PyTorch checkpoints (pytorch_model.bin: torch.save's zip format) read without running any code from
// them. The pickle in data.pkl goes through an unpickler of our own that only rebuilds containers and
// tensors: the only pickle globals it accepts are collections.OrderedDict, torch._utils' tensor
// rebuilders, the torch.*Storage types and the type tag libtorch's C++ writer puts on a dict; any other
// global, call or object state is refused with an error naming it. Storages are views into the
// archive's entries, like the safetensors reader's.

#include "io/safetensors.h"
#include "io/zip_archive.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gc::io {

struct TorchTensors {
    std::map<std::string, TensorView> tensors;  // a state dict's tensors by name
    std::vector<std::shared_ptr<const void>> copies; // tensors that had to be copied (strided, misaligned)
};

// Reads an archive held in memory (`data` must outlive the views). Every problem is a FormatError
// prefixed with `name`: the legacy pre-zip format, a damaged archive, a refused pickle global, a tensor
// reaching outside its storage, ...
[[nodiscard]] TorchTensors readTorchArchive(const uint8_t *data, size_t size, const std::string &name);

// The state dict pickled in data.pkl, its storages resolved to `storages` (key -> the bytes of the
// archive's data/<key>). readTorchArchive's second half; the fuzzer drives it directly.
[[nodiscard]] TorchTensors readStateDictPickle(const uint8_t *pickle, size_t size,
                                               const std::map<std::string, ZipEntry> &storages,
                                               const std::string &name);

// pytorch_model.bin through a memory map.
[[nodiscard]] SafeTensors openTorchFile(const std::string &path);
// pytorch_model.bin.index.json and its shards.
[[nodiscard]] SafeTensors openTorchIndex(const std::string &indexPath);

} // namespace gc::io
