#include "nn/matrix_packing.h"

#include "quant/parallel_rows.h"

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

namespace {

quant::WeightFormat storedFormat(const io::TensorView &t)
{
    switch (t.dtype) {
    case io::DType::F32: return quant::WeightFormat::F32;
    case io::DType::BF16: return quant::WeightFormat::BF16;
    case io::DType::F16: return quant::WeightFormat::F16;
    default: throw io::FormatError("checkpoint: tensor '" + t.name + "' has unsupported dtype " + t.dtypeText);
    }
}

} // namespace

std::shared_ptr<const quant::QuantizedMatrix> MatrixPacking::pack(const std::string &name, const io::TensorView &t)
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
        const quant::MatrixView stored{storedFormat(t), rows, cols, t.data};
        const size_t rowBytes = t.nbytes / size_t(std::max<int64_t>(rows, 1));
        // Progress (also the load's cancel check) after every slice: a large table takes seconds.
        const auto report = [&](uint64_t done) {
            if (m_progress)
                m_progress(m_totalBytes ? std::min(1.0, double(done) / double(m_totalBytes)) : 0.0, kQuantising);
        };
        report(m_doneBytes);
        const quant::RowRunner threaded = [](int64_t n, const std::function<void(int64_t, int64_t)> &body) {
            quant::parallelRows(n, 16, body);
        };
        const quant::SliceDone sliceDone = [&](int64_t begin, int64_t end) {
            io::dropPages(t, size_t(begin) * rowBytes, size_t(end - begin) * rowBytes);
            report(m_doneBytes + uint64_t(end) * rowBytes);
        };
        q = std::make_shared<quant::QuantizedMatrix>(
            quant::QuantizedMatrix::fromStored(stored, m_format, threaded, sliceDone, &m_widened));
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
