#include "nn/matrix_packing.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

namespace gc::nn {

MatrixPacking::MatrixPacking(std::string cacheDir, uint64_t cacheLimit, std::function<void(double, const char *)> progress)
    : m_dir(std::move(cacheDir)), m_limit(cacheLimit), m_progress(std::move(progress))
{
}

void MatrixPacking::log(const std::string &what) const
{
    std::fprintf(stderr, "groundchat: packed weights cache: %s\n", what.c_str());
}

void MatrixPacking::attach(const io::SafeTensors &file, quant::WeightFormat format)
{
    m_format = format;
    std::set<std::string> files;
    for (const auto &[name, t] : file.tensors()) {
        // what may be packed: the 2-D tensors (embedding tables among them, so this is an upper bound)
        if (t.shape.size() == 2 && (t.dtype == io::DType::F32 || t.dtype == io::DType::F16 || t.dtype == io::DType::BF16))
            m_totalBytes += t.nbytes;
        files.insert(t.file);
    }
    if (m_dir.empty() || files.empty() || files.count(std::string()))
        return; // tensors that are no file's (built in memory) have no identity to key a cache by
    try {
        m_key = quant::packedCacheKey({files.begin(), files.end()}, format);
        m_path = quant::PackedCacheFile::pathFor(m_dir, m_key);
        m_cache = quant::PackedCacheFile::open(m_path, m_key, format);
    } catch (const std::exception &e) {
        log(std::string(e.what()) + "; packing again");
        m_cache = nullptr;
    }
    if (m_cache && m_progress)
        m_progress(0.0, kFromCache);
}

std::shared_ptr<const quant::QuantizedMatrix> MatrixPacking::pack(const std::string &name, const io::TensorView &t,
                                                                   const std::function<const float *()> &asF32)
{
    const int64_t rows = t.shape.at(0), cols = t.shape.at(1);
    const quant::MatrixView *cached = nullptr;
    if (m_cache)
        if (const auto hit = m_cache->matrices().find(name); hit != m_cache->matrices().end())
            cached = &hit->second;
    std::shared_ptr<const quant::QuantizedMatrix> q;
    if (cached && cached->rows == rows && cached->cols == cols) {
        q = std::make_shared<quant::QuantizedMatrix>(quant::QuantizedMatrix::borrow(*cached, m_cache));
    } else {
        if (m_progress) // also the load's cancel check, between matrices
            m_progress(m_totalBytes ? std::min(1.0, double(m_doneBytes) / double(m_totalBytes)) : 0.0, kQuantising);
        const quant::RowRunner threaded = [](int64_t n, const std::function<void(int64_t, int64_t)> &body) {
            at::parallel_for(0, n, 16, body);
        };
        q = std::make_shared<quant::QuantizedMatrix>(quant::QuantizedMatrix::fromF32(asF32(), rows, cols, m_format, threaded));
        m_doneBytes += t.nbytes;
        ++m_quantised;
    }
    m_packed[name] = q;
    return q;
}

void MatrixPacking::save()
{
    if (!m_path.empty() && m_quantised == 0)
        quant::touchPackedCacheFile(m_path); // used: the last to go when the cache is trimmed
    else if (!m_path.empty())
        writeCache();
    // the load is over: its progress callback is gone, and the layers hold the matrices
    m_progress = nullptr;
    m_packed.clear();
}

void MatrixPacking::writeCache()
{
    if (m_progress)
        m_progress(1.0, kSaving);
    try {
        std::vector<std::pair<std::string, quant::MatrixView>> matrices;
        for (const auto &[name, q] : m_packed)
            matrices.emplace_back(name, q->view());
        quant::PackedCacheFile::write(m_path, m_key, m_format, matrices);
        quant::trimPackedCache(m_dir, m_limit, m_path);
    } catch (const std::exception &e) {
        log(e.what());
    }
}

} // namespace gc::nn
