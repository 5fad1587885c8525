#pragma once

// Read-only access to Hugging Face safetensors files through a memory map: tensors are views into the
// mapping, nothing is copied. Plain C++ (no libtorch) so validation can run before any tensor exists.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace gc::io {

enum class DType { F32, F16, BF16, I64, I32, U8, Other };
[[nodiscard]] const char *dtypeName(DType d);
[[nodiscard]] size_t dtypeSize(DType d);

// Every load problem (missing file, bad header, truncated data, ...) is reported with this type, whose
// message names the file and what is wrong.
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file the model needs is not there at all (as opposed to there but unreadable or damaged).
class MissingFileError : public FormatError {
public:
    using FormatError::FormatError;
};

struct TensorView {
    std::string name;
    DType dtype = DType::Other;
    std::string dtypeText;       // as written in the header ("F32", "F8_E4M3", ...)
    std::vector<int64_t> shape;
    const void *data = nullptr;  // inside the mapping; valid while the owning file is alive
    size_t nbytes = 0;
    std::string file;            // which shard holds it
    bool fileMapped = false;     // data is a read-only map of `file` (its pages can be dropped and read again)
    [[nodiscard]] int64_t numel() const;
};

// The bytes a loaded model holds for a tensor it keeps as it is (not packed into a weight format): float tensors in
// f32, because the ATen ops compute in f32 (nn::WeightStore::get widens 16-bit ones once, at load), others as
// stored. The weight budget and a loaded model's resident bytes both count this way.
[[nodiscard]] size_t heldBytes(const TensorView &t);

// Bytes [offset, offset + bytes) of a tensor that will not be read again (packed into another format): their
// pages leave memory, so they do not count twice toward a load's peak. The map is read-only and file-backed,
// so this loses nothing (a later read faults them back in from the file). Only whole pages inside the range:
// neighbours share the edge pages. A tensor another reader copied to the heap is left alone (there dropping
// would zero it).
void dropPages(const TensorView &t, size_t offset, size_t bytes);
// For a file-mapped tensor read once and then given back (dropPages), as the small weight formats read their
// source: no whole large page-cache folios mapped at a fault. Without this a fault on a small tensor (a bias
// beside its matrix) mapped up to 2 MB of its neighbours, which stayed resident (Kosmos-2 q4: about 2 MB of every
// matrix, 176 MB). Not for weights read in place on every token: f32 decoding ran 10x slower without them.
void adviseReadOnce(const TensorView &t);

// One model's tensors, from a single file or from a sharded set listed by model.safetensors.index.json.
class SafeTensors {
public:
    SafeTensors();
    ~SafeTensors();
    SafeTensors(SafeTensors &&) noexcept;
    SafeTensors &operator=(SafeTensors &&) noexcept;

    static SafeTensors openFile(const std::string &path);
    // index.json path: opens every shard it names with `openShard` and checks that each listed tensor is
    // in its shard. The index format is the same for safetensors and PyTorch .bin shards.
    static SafeTensors openIndex(const std::string &indexPath,
                                 SafeTensors (*openShard)(const std::string &) = &SafeTensors::openFile);
    // Tensors another format's reader found (io/torch_checkpoint.h); `owners` keep their bytes alive.
    static SafeTensors fromTensors(std::map<std::string, TensorView> tensors,
                                   std::vector<std::shared_ptr<const void>> owners);

    [[nodiscard]] const TensorView *find(const std::string &name) const;
    [[nodiscard]] const std::map<std::string, TensorView> &tensors() const { return m_tensors; }
    [[nodiscard]] const std::map<std::string, std::string> &metadata() const { return m_metadata; }
    [[nodiscard]] size_t totalBytes() const;

private:
    void addFile(const std::string &path);
    void adopt(SafeTensors &&shard); // FormatError when a tensor is in two shards
    std::vector<std::shared_ptr<const void>> m_owners; // the mappings (and copies) the views point into
    std::map<std::string, TensorView> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

} // namespace gc::io
