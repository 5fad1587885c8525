#include "nn/qwen25vl/architecture.h"

#include "nn/qwen25vl/chat_template.h"
#include "nn/qwen25vl/config.h"
#include "nn/qwen25vl/decode_state.h"
#include "nn/qwen25vl/image_processor.h"
#include "nn/qwen25vl/vision.h"
#include "nn/qwen25vl/vision_config.h"
#include "nn/qwen25vl/weight_names.h"
#include "nn/rope_decoder.h"
#include "runtime/folder_template.h"
#include "text/bpe_files.h"

#include <optional>
#include <stdexcept>

namespace gc::nn::qwen25vl {

namespace {

class Qwen25Vl final : public runtime::Architecture {
public:
    Qwen25Vl(const io::ModelFolder &folder, const runtime::LoadContext &ctx)
    {
        const std::string cfgPath = folder.root + "/config.json";
        m_cfg = parseConfig(folder.config, cfgPath);
        const VisionConfig vision = parseVisionConfig(folder.config, cfgPath);
        if (vision.outHiddenSize != m_cfg.text.hidden)
            throw io::FormatError(cfgPath + ": vision_config.out_hidden_size " + std::to_string(vision.outHiddenSize) +
                                  " is not the text model's hidden_size " + std::to_string(m_cfg.text.hidden));
        m_pre = withPixelBudget(parseProcessorConfig(folder.preprocessorConfig), ctx.minPixels, ctx.maxPixels);
        if (m_pre.patchSize != vision.patchSize || m_pre.mergeSize != vision.mergeSize ||
            m_pre.temporalPatchSize != vision.temporalPatchSize || m_cfg.mergeSize != vision.mergeSize)
            throw io::FormatError("preprocessor_config.json: patch_size, merge_size or temporal_patch_size differ "
                                  "from config.json's vision_config");

        m_caps = ctx.declared;
        m_caps.dialect = "qwen2.5-vl";
        m_caps.regionInput = true; // boxes and points as pixels of the resized input, in JSON
        m_caps.ocr = true;         // text lines with their boxes, documents as HTML with data-bbox
        // A chat model: earlier turns go back to it unless the folder says otherwise.
        if (!folder.config.contains("groundchat_multi_turn"))
            m_caps.chat = true;

        ctx.progress(0.1, "tokenizer");
        m_tok = std::make_unique<text::BpeTokenizer>(text::loadBpeTokenizer(folder.tokenizerDir));
        if (m_tok->vocabSize() > m_cfg.text.vocabSize)
            throw io::FormatError(folder.tokenizerDir + ": tokenizer has " + std::to_string(m_tok->vocabSize()) +
                                  " ids but config.json vocab_size is " + std::to_string(m_cfg.text.vocabSize));
        for (const auto &[token, id] : {std::pair{"<|im_end|>", m_cfg.eosId}, std::pair{"<|image_pad|>", m_cfg.vision.imagePad},
                                        std::pair{"<|vision_start|>", m_cfg.vision.visionStart}})
            if (m_tok->tokenId(token) != id)
                throw io::FormatError(folder.tokenizerDir + ": the tokenizer's " + token + " is " +
                                      std::to_string(m_tok->tokenId(token)) + " but config.json says " +
                                      std::to_string(id));
        m_imEnd = m_cfg.eosId;
        m_endOfText = m_tok->tokenId("<|endoftext|>");
        m_template = runtime::FolderTemplate::of(folder);

        ctx.progress(0.2, "weights");
        m_weights = WeightStore(withReleasedNames(io::openWeights(folder)), ctx.device, ctx.weights, ctx.packing);
        ctx.progress(0.4, "vision");
        m_vision = VisionTower(m_weights, vision, ctx.stop);
        ctx.progress(0.6, "language model");
        m_decoder = RopeDecoder(m_cfg.text, m_weights, {}, ctx.stop);
    }

    const runtime::Capabilities &capabilities() const override { return m_caps; }
    const text::Tokenizer &tokenizer() const override { return *m_tok; }
    runtime::SamplingParams generationDefaults() const override
    {
        // The released generation_config.json ends at <|im_end|> or <|endoftext|>; it adds the 1.05 penalty.
        runtime::SamplingParams p;
        p.eosId = m_imEnd;
        if (m_endOfText >= 0 && m_endOfText != m_imEnd)
            p.moreEosIds = {m_endOfText};
        p.padId = m_cfg.padId;
        return p;
    }
    // No fixed square: the processor resizes each image to its own multiple of the patch grid.
    int imageSize() const override { return 0; }
    runtime::InputFrame inputFrame() const override
    {
        return [cfg = m_pre](SizeI original) { return original.isValid() ? resizedSize(original, cfg) : original; };
    }
    int64_t vocabSize() const override { return m_cfg.text.vocabSize; }
    int64_t parameterBytes() const override { return m_weights.residentBytes(); }

    // The patch matrix with the image's grid in its shape: [rows/merge, cols/merge, merge², C·T·P·P], whose
    // rows in memory order are the processor's pixel_values rows (merge block by merge block).
    at::Tensor pixels(const io::RgbImage &image) const override
    {
        ProcessedImage p = processImage(image, m_pre);
        const int64_t m = m_pre.mergeSize;
        return at::from_blob(p.pixelValues.data(), {p.grid.h / m, p.grid.w / m, m * m, p.cols}, at::kFloat)
            .clone()
            .to(m_weights.device());
    }
    at::Tensor processorPixels(const at::Tensor &pixels) const override { return pixels.reshape({-1, pixels.size(-1)}); }
    at::Tensor encodeImage(const at::Tensor &pixels, const StopCheck &stop) const override
    {
        const int64_t m = m_pre.mergeSize;
        const GridThw grid{1, pixels.size(0) * m, pixels.size(1) * m};
        return m_vision.encode(processorPixels(pixels), {grid}, stop).unsqueeze(0);
    }

    // The chat template (the folder's, else the released one built in) with the conversation's image in the first
    // user turn.
    runtime::PromptLayout buildPrompt(const std::vector<runtime::Turn> &history, const std::string &prompt,
                                      SizeI imageSize) const override
    {
        Exchanges past;
        for (const runtime::Turn &t : history)
            past.emplace_back(t.prompt, t.answer);
        return layout(m_template ? m_template->conversation(past, prompt) : chatText(past, prompt), imageSize);
    }
    runtime::PromptLayout buildRawPrompt(const std::string &prompt, SizeI imageSize) const override
    {
        return layout(prompt, imageSize);
    }
    // The answer closed by <|im_end|> (written by the model, or added when it was cut short), then the next
    // user turn; an answer that ended at <|endoftext|> is closed the template's way too.
    void appendPrompt(runtime::PromptLayout &conversation, const std::string &prompt) const override
    {
        std::vector<int64_t> &ids = conversation.ids;
        if (!ids.empty() && ids.back() == m_endOfText && m_endOfText != m_imEnd)
            ids.pop_back();
        const std::string rest = runtime::closeAnswer(
            ids, m_template ? m_template->followUp(prompt) : followUpText(prompt, true), m_imEnd, m_tok->piece(m_imEnd));
        const std::vector<int64_t> next = m_tok->encode(rest);
        ids.insert(ids.end(), next.begin(), next.end());
        conversation.dialectStart = static_cast<int64_t>(ids.size());
    }
    std::unique_ptr<runtime::DecodeState> newState() const override
    {
        return std::make_unique<DecodeState>(m_decoder, m_cfg);
    }

private:
    runtime::PromptLayout layout(const std::string &markup, SizeI imageSize) const
    {
        const SizeI resized = resizedSize(imageSize, m_pre);
        const int64_t side = m_pre.patchSize * m_pre.mergeSize;
        const int64_t rows = resized.height / side, cols = resized.width / side;
        const ExpandedPrompt e = expandImages(*m_tok, markup, {rows * cols});
        runtime::PromptLayout l;
        l.ids = e.ids;
        l.images = {{e.imageStarts.at(0), rows * cols, rows, cols}};
        // After <|vision_end|>: a later turn reuses the cache from there on.
        l.textStart = e.imageStarts[0] + rows * cols + 1;
        l.dialectStart = static_cast<int64_t>(l.ids.size());
        return l;
    }

    Config m_cfg;
    runtime::Capabilities m_caps;
    std::unique_ptr<text::BpeTokenizer> m_tok;
    ProcessorConfig m_pre;
    std::optional<runtime::FolderTemplate> m_template;
    int64_t m_imEnd = -1, m_endOfText = -1;
    WeightStore m_weights; // the mapping every model tensor aliases: declared before the models
    VisionTower m_vision;
    RopeDecoder m_decoder;
};

} // namespace

std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder, const runtime::LoadContext &context)
{
    return std::make_unique<Qwen25Vl>(folder, context);
}

} // namespace gc::nn::qwen25vl
