#pragma once

// The packing of one load's weight matrices into a small format (WeightStore::packed asks it): quantises on
// every thread, reports progress and asks the load's cancel check between matrices, and keeps the packed
// matrices on disk (quant/packed_cache.h), so that a later load of the same checkpoint in the same format
// maps them instead. Plain C++ apart from the thread pool.

#include "io/safetensors.h"
#include "quant/packed_cache.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace gc::nn {

class MatrixPacking {
public:
    // Stages reported through `progress`, for the app's load indicator (and for tests to see which ran).
    static constexpr const char *kQuantising = "quantising weights";
    static constexpr const char *kFromCache = "reading packed weights";
    static constexpr const char *kSaving = "saving packed weights";

    // `cacheDir` empty: nothing kept between loads. `progress` gets the packing's own fraction done and may throw
    // (the load's cancel); `cacheLimit` bounds the bytes the folder's cache files take (least recently used go).
    MatrixPacking(std::string cacheDir, uint64_t cacheLimit, std::function<void(double, const char *)> progress);

    // The checkpoint whose matrices the store packs in `format`: opens its cache file if there is one.
    void attach(const io::SafeTensors &file, quant::WeightFormat format);
    // The tensor `name` (f32, bf16 or f16) packed: from the cache file, else quantised now (on every thread, a
    // slice of rows at a time, each slice's mapped pages dropped once packed) and kept for save().
    [[nodiscard]] std::shared_ptr<const quant::QuantizedMatrix> pack(const std::string &name, const io::TensorView &t);
    // After the whole model is built: writes the cache file when this load quantised anything (a cancelled
    // load never gets here, so no file is ever half its model). Problems are logged, not thrown: the model
    // works without its cache. Progress is not reported after it (the load's callback is gone).
    void save();

    // Matrices quantised by this load (not read from the cache).
    [[nodiscard]] int quantised() const { return m_quantised; }
    // The most bytes this load held widened to f32 at once while packing 16-bit weights (quant::kPackSliceFloats
    // bounds it, whatever the matrices' sizes).
    [[nodiscard]] int64_t widenedBytes() const { return m_widened.widenedFloats * int64_t(sizeof(float)); }

private:
    void writeCache();
    void log(const std::string &what) const;

    std::string m_dir;
    uint64_t m_limit;
    std::function<void(double, const char *)> m_progress;
    quant::WeightFormat m_format = quant::WeightFormat::F32;
    std::string m_key, m_path;
    std::shared_ptr<const quant::PackedCacheFile> m_cache;
    std::map<std::string, std::shared_ptr<const quant::QuantizedMatrix>> m_packed;
    uint64_t m_totalBytes = 0, m_doneBytes = 0;
    int m_quantised = 0;
    quant::PackScratch m_widened;
};

} // namespace gc::nn
