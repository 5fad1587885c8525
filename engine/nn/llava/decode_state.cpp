#include "nn/llava/decode_state.h"

#include <algorithm>

namespace gc::nn::llava {

namespace {

at::Tensor rowsTensor(const std::vector<std::vector<int64_t>> &rows, at::Device device)
{
    const int64_t B = static_cast<int64_t>(rows.size()), L = static_cast<int64_t>(rows.at(0).size());
    std::vector<int64_t> flat;
    for (const auto &r : rows) {
        if (static_cast<int64_t>(r.size()) != L)
            throw std::invalid_argument("llava::DecodeState: rows of different lengths");
        flat.insert(flat.end(), r.begin(), r.end());
    }
    return at::from_blob(flat.data(), {B, L}, at::kLong).clone().to(device);
}

} // namespace

void DecodeState::truncate(int64_t n)
{
    m_kv.truncate(n);
    if (n == 0) {
        m_keyMask = at::Tensor();
        m_next.clear();
        return;
    }
    m_keyMask = m_keyMask.narrow(1, 0, n);
    const at::Tensor valid = m_keyMask.sum(1).to(at::kCPU);
    m_next.assign(valid.data_ptr<int64_t>(), valid.data_ptr<int64_t>() + valid.numel());
}

at::Tensor DecodeState::prefill(const runtime::PromptBatch &batch, const at::Tensor &imageEmbeds, int64_t room,
                                bool allPositions, const StopCheck &stop)
{
    const RopeDecoder &dec = m_model.decoder();
    const at::Device device = m_model.weights().device();
    const int64_t B = static_cast<int64_t>(batch.rows.size()), L = static_cast<int64_t>(batch.rows.at(0).size());
    const int64_t past = m_kv.length;
    if (past >= L)
        throw std::invalid_argument("llava::DecodeState::prefill: nothing after the " + std::to_string(past) +
                                    " cached positions");
    std::vector<std::vector<int64_t>> mask(static_cast<size_t>(B)), image(static_cast<size_t>(B));
    for (size_t b = 0; b < static_cast<size_t>(B); ++b) {
        mask[b].assign(static_cast<size_t>(L), 0);
        std::fill(mask[b].begin() + batch.padding.at(b), mask[b].end(), 1);
        image[b].assign(static_cast<size_t>(L), 0);
        for (const runtime::ImageSpan &s : batch.images.at(b))
            std::fill(image[b].begin() + s.start, image[b].begin() + s.start + s.length, 1);
    }
    const at::Tensor ids = rowsTensor(batch.rows, device);
    m_promptMask = rowsTensor(mask, device);
    m_promptImage = rowsTensor(image, device);
    // cumsum(mask) - 1 on valid tokens, 1 on padding
    m_promptPositions = at::where(m_promptMask.eq(1), at::cumsum(m_promptMask, 1) - 1, at::ones_like(m_promptMask));

    const int64_t n = L - past;
    const at::Tensor slots = m_promptImage.narrow(1, past, n).to(at::kBool);
    // an image slot's id may be no vocabulary entry (the original repo's -200); its row is replaced anyway
    at::Tensor x = dec.embed(ids.narrow(1, past, n).masked_fill(slots, 0));
    const int64_t slotCount = slots.sum().item<int64_t>();
    at::Tensor projected = imageEmbeds;
    const Config &cfg = m_model.config();
    if (cfg.regionFeature != RegionFeature::None && projected.defined()) {
        // the tower's features ride behind the projector's (architecture.cpp's encodeImage): one [Q, Dv] map per image
        const int64_t D = cfg.text.hidden;
        m_regionMaps = projected.narrow(-1, D, projected.size(-1) - D).reshape({-1, cfg.imageTokens(), cfg.vision.hiddenSize});
        projected = projected.narrow(-1, 0, D);
    }
    if (slotCount > 0) {
        if (!projected.defined() || slotCount != projected.size(0) * projected.size(1))
            throw std::invalid_argument("llava::DecodeState::prefill: " + std::to_string(slotCount) +
                                        " image slots but " +
                                        std::to_string(projected.defined() ? projected.size(0) * projected.size(1) : 0) +
                                        " image rows");
        // the images' rows in order across the batch, as the reference's merge takes them
        x = x.masked_scatter(slots.unsqueeze(-1).expand_as(x), projected.to(x.scalar_type()).contiguous());
    }
    placeRegions(batch, past, x);
    // the reference's merge leaves zeros where padding is
    x = x * m_promptMask.narrow(1, past, n).unsqueeze(-1).to(x.scalar_type());
    dec.reserve(m_kv, B, L + room);
    at::Tensor h = dec.forward(x, m_promptPositions.narrow(1, past, n), m_promptMask, &m_kv, !allPositions, nullptr, stop, m_probe);
    m_keyMask = m_promptMask;
    const at::Tensor valid = m_promptMask.sum(1).to(at::kCPU);
    m_next.assign(valid.data_ptr<int64_t>(), valid.data_ptr<int64_t>() + B);
    at::Tensor logits = dec.logits(h);
    return allPositions ? logits : logits.squeeze(1);
}

void DecodeState::placeRegions(const runtime::PromptBatch &batch, int64_t past, at::Tensor &x) const
{
    int64_t imagesBefore = 0; // the images of the rows before: row b's image is the map after them
    bool copied = false;
    for (size_t b = 0; b < batch.regions.size(); ++b) {
        const int64_t images = static_cast<int64_t>(batch.images.at(b).size());
        for (const runtime::RegionSlot &r : batch.regions[b]) {
            if (r.position < past)
                continue; // cached with its feature
            if (m_model.config().regionFeature == RegionFeature::None)
                break; // the token keeps its own embedding, as in a model without region modules
            if (images == 0 || !m_regionMaps.defined() || imagesBefore >= m_regionMaps.size(0))
                throw std::invalid_argument("llava::DecodeState::prefill: a region without its image's features");
            const at::Tensor feature = m_model.regionFeature(m_regionMaps[imagesBefore], r);
            if (!copied) { // the embeddings may alias the token table's memory
                x = x.clone();
                copied = true;
            }
            x[static_cast<int64_t>(b)][r.position - past].copy_(feature.to(x.scalar_type()));
        }
        imagesBefore += images;
    }
}

at::Tensor DecodeState::lensLogits(const at::Tensor &layerOutput) const
{
    return m_model.decoder().lensLogits(layerOutput);
}

at::Tensor DecodeState::lensLogits(const at::Tensor &layerOutput, const at::Tensor &ids) const
{
    return m_model.decoder().lensLogits(layerOutput, ids);
}

at::Tensor DecodeState::step(const std::vector<int64_t> &tokens)
{
    const RopeDecoder &dec = m_model.decoder();
    const int64_t B = static_cast<int64_t>(tokens.size());
    std::vector<int64_t> ids = tokens, pos(tokens.size());
    for (size_t b = 0; b < tokens.size(); ++b)
        pos[b] = m_next.at(b)++;
    const auto device = m_keyMask.device();
    m_keyMask = at::cat({m_keyMask, at::ones({B, 1}, m_keyMask.options())}, 1);
    const at::Tensor t = at::from_blob(ids.data(), {B, 1}, at::kLong).clone().to(device);
    const at::Tensor p = at::from_blob(pos.data(), {B, 1}, at::kLong).clone().to(device);
    return dec.logits(dec.forward(dec.embed(t), p, m_keyMask, &m_kv, true)).squeeze(1);
}

void DecodeState::reorder(const std::vector<int64_t> &rows)
{
    std::vector<int64_t> copy = rows;
    const at::Tensor index = at::from_blob(copy.data(), {static_cast<int64_t>(copy.size())}, at::kLong).clone();
    m_kv.reorder(index);
    m_keyMask = m_keyMask.index_select(0, index.to(m_keyMask.device()));
    std::vector<int64_t> next;
    for (int64_t r : rows)
        next.push_back(m_next.at(static_cast<size_t>(r)));
    m_next = std::move(next);
}

std::vector<std::vector<int64_t>> DecodeState::generatedPrefix(const runtime::PromptBatch &batch) const
{
    // Each image span back to its one <image> id, then the rows left-padded again to the longest, as the
    // processor gave them to the reference.
    const int64_t imageId = m_model.config().imageTokenId;
    std::vector<std::vector<int64_t>> rows;
    size_t longest = 0;
    for (size_t b = 0; b < batch.rows.size(); ++b) {
        const auto &row = batch.rows[b];
        std::vector<int64_t> out;
        int64_t i = batch.padding.at(b);
        for (const runtime::ImageSpan &s : batch.images.at(b)) {
            out.insert(out.end(), row.begin() + i, row.begin() + s.start);
            out.push_back(imageId);
            i = s.start + s.length;
        }
        out.insert(out.end(), row.begin() + i, row.end());
        longest = std::max(longest, out.size());
        rows.push_back(std::move(out));
    }
    int64_t pad = m_model.config().padTokenId;
    for (size_t b = 0; b < rows.size() && pad < 0; ++b)
        if (batch.padding[b] > 0)
            pad = batch.rows[b].front();
    for (auto &row : rows)
        row.insert(row.begin(), longest - row.size(), std::max<int64_t>(pad, 0));
    return rows;
}

} // namespace gc::nn::llava
