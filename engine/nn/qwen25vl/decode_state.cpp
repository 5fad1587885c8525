#include "nn/qwen25vl/decode_state.h"

namespace gc::nn::qwen25vl {

namespace {

std::vector<std::vector<int64_t>> rowsOf(const at::Tensor &t)
{
    const at::Tensor c = t.to(at::kCPU, at::kLong).contiguous();
    std::vector<std::vector<int64_t>> rows;
    for (int64_t b = 0; b < c.size(0); ++b)
        rows.emplace_back(c[b].data_ptr<int64_t>(), c[b].data_ptr<int64_t>() + c.size(1));
    return rows;
}

} // namespace

void DecodeState::truncate(int64_t n)
{
    m_kv.truncate(n);
    m_keyMask = n == 0 ? at::Tensor() : m_keyMask.narrow(1, 0, n);
    if (n == 0)
        m_deltas.clear();
}

at::Tensor DecodeState::prefill(const runtime::PromptBatch &batch, const at::Tensor &imageEmbeds, int64_t room,
                                bool allPositions, const StopCheck &stop)
{
    std::vector<MergedGrid> grids;
    for (const auto &spans : batch.images)
        for (const runtime::ImageSpan &s : spans) {
            if (s.rows * s.cols != s.length || s.length <= 0)
                throw std::invalid_argument("DecodeState::prefill: an image span of " + std::to_string(s.length) +
                                            " tokens has no " + std::to_string(s.rows) + "x" + std::to_string(s.cols) +
                                            " grid");
            grids.push_back({1, s.rows, s.cols});
        }
    const runtime::BatchTensors t = runtime::batchTensors(batch, m_dec.device());
    return prefillTensors(t.ids, t.mask, t.imageSlots, grids, imageEmbeds, room, allPositions, stop);
}

at::Tensor DecodeState::prefillTensors(const at::Tensor &ids, const at::Tensor &attentionMask,
                                       const at::Tensor &imageMask, const std::vector<MergedGrid> &grids,
                                       const at::Tensor &imageEmbeds, int64_t room, bool allPositions,
                                       const StopCheck &stop, std::vector<at::Tensor> *hidden)
{
    const int64_t B = ids.size(0), L = ids.size(1), past = m_kv.length;
    if (past >= L)
        throw std::invalid_argument("DecodeState::prefill: nothing after the " + std::to_string(past) +
                                    " cached positions");
    const RopeIndex index = ropeIndex(rowsOf(ids), rowsOf(attentionMask), grids, m_cfg.vision);
    std::vector<int64_t> positions = index.positions;
    const at::Tensor pos =
        at::from_blob(positions.data(), {3, B, L}, at::kLong).narrow(2, past, L - past).clone().to(ids.device());

    at::Tensor x = m_dec.embed(ids.narrow(1, past, L - past));
    const at::Tensor slots = imageMask.narrow(1, past, L - past).to(at::kBool);
    const int64_t wanted = slots.sum().item<int64_t>();
    if (wanted > 0) {
        const int64_t D = x.size(2);
        const int64_t given = imageEmbeds.defined() ? imageEmbeds.numel() / D : 0;
        if (given != wanted || (imageEmbeds.defined() && imageEmbeds.size(-1) != D))
            throw std::invalid_argument("DecodeState::prefill: " + std::to_string(wanted) + " image tokens but " +
                                        std::to_string(given) + " image embeddings");
        x = x.masked_scatter(slots.unsqueeze(-1).expand_as(x), imageEmbeds.to(x.options()).contiguous());
    }
    const at::Tensor keyMask = attentionMask.to(at::kLong);
    m_dec.reserve(m_kv, B, L + room);
    const at::Tensor out = m_dec.forward(x, pos, keyMask, &m_kv, !allPositions, hidden, stop, m_probe);
    m_keyMask = keyMask;
    m_deltas = index.deltas;
    const at::Tensor logits = m_dec.logits(out);
    return allPositions ? logits : logits.squeeze(1);
}

at::Tensor DecodeState::lensLogits(const at::Tensor &layerOutput) const { return m_dec.lensLogits(layerOutput); }

at::Tensor DecodeState::lensLogits(const at::Tensor &layerOutput, const at::Tensor &ids) const
{
    return m_dec.lensLogits(layerOutput, ids);
}

at::Tensor DecodeState::step(const std::vector<int64_t> &tokens)
{
    const int64_t B = static_cast<int64_t>(tokens.size());
    if (static_cast<size_t>(B) != m_deltas.size())
        throw std::invalid_argument("DecodeState::step: " + std::to_string(B) + " tokens for " +
                                    std::to_string(m_deltas.size()) + " rows");
    std::vector<int64_t> ids = tokens, pos;
    // Every generated token sits at its cache index plus the prompt's offset, on all three axes.
    for (int a = 0; a < 3; ++a)
        for (int64_t d : m_deltas)
            pos.push_back(m_kv.length + d);
    const auto device = m_keyMask.device();
    m_keyMask = at::cat({m_keyMask, at::ones({B, 1}, m_keyMask.options())}, 1);
    const at::Tensor t = at::from_blob(ids.data(), {B, 1}, at::kLong).clone().to(device);
    const at::Tensor p = at::from_blob(pos.data(), {3, B, 1}, at::kLong).clone().to(device);
    return m_dec.logits(m_dec.forward(m_dec.embed(t), p, m_keyMask, &m_kv, true)).squeeze(1);
}

void DecodeState::reorder(const std::vector<int64_t> &rows)
{
    std::vector<int64_t> copy = rows;
    const at::Tensor index = at::from_blob(copy.data(), {static_cast<int64_t>(copy.size())}, at::kLong).clone();
    m_kv.reorder(index);
    m_keyMask = m_keyMask.index_select(0, index.to(m_keyMask.device()));
    std::vector<int64_t> deltas;
    for (int64_t r : rows)
        deltas.push_back(m_deltas.at(static_cast<size_t>(r)));
    m_deltas = std::move(deltas);
}

} // namespace gc::nn::qwen25vl
