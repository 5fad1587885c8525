#include "nn/kosmos2/decode_state.h"

#include "nn/positions.h"

namespace gc::nn::kosmos2 {

void DecodeState::truncate(int64_t n)
{
    m_kv.truncate(n);
    m_keyMask = n == 0 ? at::Tensor() : m_keyMask.narrow(1, 0, n);
    if (n == 0)
        m_real.clear();
}

at::Tensor DecodeState::prefill(const runtime::PromptBatch &batch, const at::Tensor &imageEmbeds, int64_t room,
                                bool allPositions, const StopCheck &stop)
{
    const runtime::BatchTensors t = runtime::batchTensors(batch, m_model.weights().device());
    return prefillTensors(t.ids, t.mask, imageEmbeds, t.imageSlots, room, allPositions, stop);
}

at::Tensor DecodeState::prefillTensors(const at::Tensor &ids, const at::Tensor &attentionMask,
                                       const at::Tensor &imageEmbeds, const at::Tensor &imageMask, int64_t room,
                                       bool allPositions, const StopCheck &stop)
{
    const int64_t B = ids.size(0), L = ids.size(1), past = m_kv.length, pad = m_model.config().text.padId;
    if (past >= L)
        throw std::invalid_argument("DecodeState::prefill: nothing after the " + std::to_string(past) +
                                    " cached positions");
    m_model.reserve(m_kv, B, L + room);
    const at::Tensor positions = xlmrPositions(ids, pad).narrow(1, past, L - past);
    at::Tensor chunkImage = imageMask.defined() ? imageMask.narrow(1, past, L - past) : at::Tensor();
    const bool withImage = chunkImage.defined() && chunkImage.any().item<bool>();
    const at::Tensor keyMask = attentionMask.to(at::kLong);
    at::Tensor logits = m_model.forwardText(ids.narrow(1, past, L - past), positions, keyMask,
                                            withImage ? imageEmbeds : at::Tensor(),
                                            withImage ? chunkImage : at::Tensor(), &m_kv, !allPositions, nullptr, stop, m_probe);
    m_keyMask = keyMask;
    const at::Tensor real = ids.ne(pad).sum(1).to(at::kCPU);
    m_real.assign(real.data_ptr<int64_t>(), real.data_ptr<int64_t>() + B);
    return allPositions ? logits : logits.squeeze(1);
}

at::Tensor DecodeState::step(const std::vector<int64_t> &tokens)
{
    const int64_t B = static_cast<int64_t>(tokens.size()), pad = m_model.config().text.padId;
    std::vector<int64_t> ids = tokens, pos(tokens.size());
    for (size_t b = 0; b < tokens.size(); ++b) {
        m_real[b] += tokens[b] != pad;
        pos[b] = tokens[b] == pad ? pad : m_real[b] + pad;
    }
    const auto device = m_keyMask.device();
    m_keyMask = at::cat({m_keyMask, at::ones({B, 1}, m_keyMask.options())}, 1);
    const at::Tensor t = at::from_blob(ids.data(), {B, 1}, at::kLong).clone().to(device);
    const at::Tensor p = at::from_blob(pos.data(), {B, 1}, at::kLong).clone().to(device);
    return m_model.forwardText(t, p, m_keyMask, {}, {}, &m_kv, true).squeeze(1);
}

void DecodeState::reorder(const std::vector<int64_t> &rows)
{
    std::vector<int64_t> copy = rows;
    const at::Tensor index = at::from_blob(copy.data(), {static_cast<int64_t>(copy.size())}, at::kLong).clone();
    m_kv.reorder(index);
    m_keyMask = m_keyMask.index_select(0, index.to(m_keyMask.device()));
    std::vector<int64_t> real;
    for (int64_t r : rows)
        real.push_back(m_real.at(static_cast<size_t>(r)));
    m_real = std::move(real);
}

} // namespace gc::nn::kosmos2
