#include "nn/florence2/decode_state.h"

#include <stdexcept>

namespace gc::nn::florence2 {

void DecodeState::truncate(int64_t n)
{
    m_self.truncate(n);
}

at::Tensor DecodeState::prefill(const runtime::PromptBatch &batch, const at::Tensor &imageEmbeds, int64_t room,
                                bool allPositions, const StopCheck &stop)
{
    const int64_t B = static_cast<int64_t>(batch.rows.size()), S = static_cast<int64_t>(batch.rows.at(0).size());
    const int64_t pad = m_model.config().padId;
    std::vector<int64_t> ids, mask, positions;
    std::vector<uint8_t> image;
    int64_t slots = 0;
    for (int64_t b = 0; b < B; ++b) {
        const auto &row = batch.rows[static_cast<size_t>(b)];
        if (static_cast<int64_t>(row.size()) != S)
            throw std::invalid_argument("DecodeState::prefill: rows of different lengths");
        const int64_t padding = batch.padding.empty() ? 0 : batch.padding[static_cast<size_t>(b)];
        std::vector<uint8_t> rowImage(static_cast<size_t>(S), 0);
        if (b < static_cast<int64_t>(batch.images.size()))
            for (const runtime::ImageSpan &s : batch.images[static_cast<size_t>(b)]) {
                std::fill(rowImage.begin() + s.start, rowImage.begin() + s.start + s.length, 1);
                slots += s.length;
            }
        for (int64_t i = 0; i < S; ++i) {
            // An image slot's id is never looked up; pad keeps it inside the table.
            ids.push_back(rowImage[static_cast<size_t>(i)] ? pad : row[static_cast<size_t>(i)]);
            mask.push_back(i >= padding ? 1 : 0);
            positions.push_back(i >= padding ? i - padding : 0);
        }
        image.insert(image.end(), rowImage.begin(), rowImage.end());
    }
    if (slots > 0 && (!imageEmbeds.defined() || imageEmbeds.size(0) * imageEmbeds.size(1) != slots))
        throw std::invalid_argument("DecodeState::prefill: " + std::to_string(slots) + " image slots but " +
                                    (imageEmbeds.defined() ? std::to_string(imageEmbeds.size(0) * imageEmbeds.size(1))
                                                           : std::string("no")) +
                                    " image embeddings");
    const at::Device device = m_model.device();
    auto tensor = [&](std::vector<int64_t> &v) { return at::from_blob(v.data(), {B, S}, at::kLong).clone().to(device); };
    at::Tensor x = m_model.embedText(tensor(ids));
    if (slots > 0) {
        const at::Tensor where = at::from_blob(image.data(), {B, S, 1}, at::kByte).clone().to(device).to(at::kBool);
        x = x.masked_scatter(where.expand_as(x), imageEmbeds.to(device, at::kFloat).contiguous());
    }
    const at::Tensor keyMask = tensor(mask);
    at::Tensor encoded = m_model.encode(x, tensor(positions), keyMask, nullptr, stop);
    CrossAttentionCache cross = m_model.crossAttention(encoded, keyMask);

    KVCache self;
    m_model.reserve(self, B, 1 + room);
    const at::Tensor start = at::full({B, 1}, m_model.config().decoderStartId, at::TensorOptions(at::kLong).device(device));
    const at::Tensor logits = m_model.logits(m_model.decode(start, self, cross, nullptr, stop));
    // Only a completed pass replaces the state.
    m_encoderOut = std::move(encoded);
    m_cross = std::move(cross);
    m_self = std::move(self);
    return allPositions ? logits : logits.squeeze(1);
}

at::Tensor DecodeState::step(const std::vector<int64_t> &tokens)
{
    const int64_t B = static_cast<int64_t>(tokens.size());
    if (m_self.length == 0 || B != m_self.batch())
        throw std::invalid_argument("DecodeState::step: " + std::to_string(B) + " tokens for " +
                                    std::to_string(m_self.batch()) + " rows");
    std::vector<int64_t> ids = tokens;
    const at::Tensor t = at::from_blob(ids.data(), {B, 1}, at::kLong).clone().to(m_self.k[0].device());
    return m_model.logits(m_model.decode(t, m_self, m_cross)).squeeze(1);
}

void DecodeState::reorder(const std::vector<int64_t> &rows)
{
    std::vector<int64_t> copy = rows;
    const at::Tensor index = at::from_blob(copy.data(), {static_cast<int64_t>(copy.size())}, at::kLong).clone();
    m_self.reorder(index);
    // One encoder row broadcasts to every decoder row; a batch of prompts follows its rows.
    if (m_cross.rows() > 1) {
        const at::Tensor i = index.to(m_cross.k[0].device());
        for (size_t l = 0; l < m_cross.k.size(); ++l) {
            m_cross.k[l] = m_cross.k[l].index_select(0, i);
            m_cross.v[l] = m_cross.v[l].index_select(0, i);
        }
        if (m_cross.mask.defined())
            m_cross.mask = m_cross.mask.index_select(0, i);
        m_encoderOut = m_encoderOut.index_select(0, i);
    }
}

std::vector<std::vector<int64_t>> DecodeState::generatedPrefix(const runtime::PromptBatch &batch) const
{
    return std::vector<std::vector<int64_t>>(batch.rows.size(), {m_model.config().decoderStartId});
}

} // namespace gc::nn::florence2
