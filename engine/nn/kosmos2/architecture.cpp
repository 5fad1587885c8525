#include "nn/kosmos2/architecture.h"

#include "nn/kosmos2/decode_state.h"
#include "nn/kosmos2/model.h"
#include "nn/pixel_tensor.h"
#include "text/xlmr_tokenizer.h"

namespace gc::nn::kosmos2 {

namespace {

std::string trim(const std::string &s)
{
    const char *ws = " \t\n\r\f\v";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// preprocessor_config.json over the CLIP defaults, for the tower's image size only.
ClipPreprocessConfig preprocessConfig(const nlohmann::json &pc, int64_t imageSize)
{
    ClipPreprocessConfig defaults;
    defaults.height = defaults.width = static_cast<int>(imageSize);
    const ClipPreprocessConfig pre = parseClipPreprocessConfig(pc, defaults);
    if (pre.height != imageSize || pre.width != imageSize)
        throw io::FormatError("preprocessor_config.json: size " + std::to_string(pre.width) + "x" +
                              std::to_string(pre.height) + " does not match the vision image_size " +
                              std::to_string(imageSize));
    return pre;
}

class Kosmos2 final : public runtime::Architecture {
public:
    Kosmos2(const io::ModelFolder &folder, const runtime::LoadContext &ctx)
    {
        const std::string cfgPath = folder.root + "/config.json";
        const Config cfg = parseConfig(folder.config, cfgPath);
        m_caps = ctx.declared;
        m_caps.dialect = "kosmos2";
        m_caps.regionInput = true; // "<phrase>...</phrase><object><patch_index_...>" in the prompt
        ctx.progress(0.1, "tokenizer");
        m_tok = text::XlmrTokenizer::fromFolder(folder);
        m_imageTag = m_tok.tokenId("<image>");
        m_imageEnd = m_tok.tokenId("</image>");
        if (m_imageTag < 0 || m_imageEnd < 0)
            throw io::FormatError(folder.tokenizerDir + ": tokenizer has no <image>/</image> tokens");
        if (m_tok.vocabSize() > cfg.text.vocabSize)
            throw io::FormatError(folder.tokenizerDir + ": tokenizer has " + std::to_string(m_tok.vocabSize()) +
                                  " ids but config.json vocab_size is " + std::to_string(cfg.text.vocabSize));
        ctx.progress(0.2, "weights");
        io::SafeTensors st = io::openWeights(folder);
        ctx.progress(0.5, "model");
        m_model = std::make_unique<Model>(cfg, WeightStore(std::move(st), ctx.device, ctx.weights, ctx.packing), ctx.stop);
        m_pre = preprocessConfig(folder.preprocessorConfig, cfg.vision.imageSize);
    }

    const runtime::Capabilities &capabilities() const override { return m_caps; }
    const text::Tokenizer &tokenizer() const override { return m_tok; }
    runtime::SamplingParams generationDefaults() const override
    {
        runtime::SamplingParams p;
        p.eosId = m_model->config().text.eosId;
        p.padId = m_model->config().text.padId;
        p.noRepeatNgramSize = m_model->config().text.noRepeatNgramSize;
        return p;
    }
    int imageSize() const override { return static_cast<int>(m_model->config().vision.imageSize); }
    int64_t vocabSize() const override { return m_model->config().text.vocabSize; }
    int64_t parameterBytes() const override { return m_model->weights().residentBytes(); }
    int64_t decodeBytesPerToken() const override { return m_model->decodeBytesPerToken(); }

    runtime::InputFrame inputFrame() const override
    {
        return [w = m_pre.width, h = m_pre.height](SizeI) { return SizeI{w, h}; };
    }
    at::Tensor pixels(const io::RgbImage &image) const override
    {
        return pixelTensor(image, m_pre, m_model->weights().device());
    }
    at::Tensor encodeImage(const at::Tensor &pixels, const StopCheck &stop) const override
    {
        return m_model->encodeImage(pixels, false, stop).imageEmbeds;
    }
    // The image positions are the resampler's latents: a patch's value is the mean of the latents' weighted by
    // how much each latent's query attended to that patch (the resampler's attention, head-averaged, normalised
    // per patch), so the maps land on the patch grid. A model trained to keep latent i on cell i of a square grid
    // says so in its config.json, and its latents are read as those cells.
    runtime::ImageCells imageCells(SizeI size, const runtime::ImageSpan &span, const at::Tensor &pixels) const override
    {
        if (m_caps.latentsAsGrid) {
            runtime::ImageCells c = runtime::Architecture::imageCells(size, span, pixels);
            c.source = runtime::CellSource::LatentGrid;
            return c;
        }
        const ClipVisionConfig &v = m_model->config().vision;
        const int64_t side = v.gridSize(), patches = side * side;
        const at::Tensor attention = m_model->encodeImage(pixels, false, {}, true).resamplerAttention[0];
        if (attention.size(0) != span.length)
            throw std::invalid_argument("Kosmos-2: " + std::to_string(span.length) + " image positions but " +
                                        std::to_string(attention.size(0)) + " latents");
        const at::Tensor toPatches = attention.narrow(1, 1, patches).t(); // [patches, latents], CLS key dropped
        runtime::ImageCells c;
        c.rows = c.cols = side;
        c.area = {0, 0, double(size.width), double(size.height)};
        c.fromPositions = toPatches / toPatches.sum(1, true).clamp_min(1e-12);
        c.source = runtime::CellSource::ResamplerAttention;
        return c;
    }

    // Kosmos-2 reads one prompt; a conversation continues it with each answer closed by </s> and the next
    // prompt, the sequence LocalModel::followUp builds turn by turn.
    runtime::PromptLayout buildPrompt(const std::vector<runtime::Turn> &history, const std::string &prompt,
                                      SizeI) const override
    {
        runtime::PromptLayout l = imagePrompt(history.empty() ? prompt : history.front().prompt);
        for (size_t i = 0; i < history.size(); ++i) {
            if (i > 0)
                appendPrompt(l, history[i].prompt);
            const std::vector<int64_t> answer = m_tok.encode(history[i].answer);
            l.ids.insert(l.ids.end(), answer.begin(), answer.end());
            l.ids.push_back(m_model->config().text.eosId);
        }
        if (!history.empty())
            appendPrompt(l, prompt);
        return l;
    }
    void appendPrompt(runtime::PromptLayout &conversation, const std::string &prompt) const override
    {
        const std::vector<int64_t> t = m_tok.encode(trim(prompt));
        conversation.ids.insert(conversation.ids.end(), t.begin(), t.end());
    }
    std::unique_ptr<runtime::DecodeState> newState() const override { return std::make_unique<DecodeState>(*m_model); }

private:
    runtime::PromptLayout imagePrompt(const std::string &prompt) const
    {
        const int64_t Q = m_model->config().latentQueryNum;
        runtime::PromptLayout l;
        l.ids = {m_model->config().text.bosId, m_imageTag};
        // The reference overwrites the Q image slots with the ids unk+1 .. unk+Q; they are never looked
        // up in the end, but they take part in the n-gram ban, so keep them identical.
        for (int64_t i = 0; i < Q; ++i)
            l.ids.push_back(m_tok.unkId() + 1 + i);
        l.ids.push_back(m_imageEnd);
        l.images = {{2, Q}};
        l.textStart = static_cast<int64_t>(l.ids.size());
        appendPrompt(l, prompt);
        return l;
    }

    runtime::Capabilities m_caps;
    text::XlmrTokenizer m_tok;
    int64_t m_imageTag = -1, m_imageEnd = -1;
    std::unique_ptr<Model> m_model;
    ClipPreprocessConfig m_pre;
};

} // namespace

std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder, const runtime::LoadContext &context)
{
    return std::make_unique<Kosmos2>(folder, context);
}

} // namespace gc::nn::kosmos2
