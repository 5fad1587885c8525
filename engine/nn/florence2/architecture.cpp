#include "nn/florence2/architecture.h"

#include "nn/florence2/bart_model.h"
#include "nn/florence2/checkpoint.h"
#include "nn/florence2/decode_state.h"
#include "nn/florence2/image_processor.h"
#include "nn/florence2/processor_prompt.h"
#include "nn/florence2/processor_tokenizer.h"
#include "nn/florence2/vision.h"
#include "nn/florence2/weight_names.h"
#include "nn/pixel_tensor.h"

#include <stdexcept>

namespace gc::nn::florence2 {

namespace {

class Florence2 final : public runtime::Architecture {
public:
    Florence2(const io::ModelFolder &folder, const runtime::LoadContext &ctx)
    {
        const std::string cfgPath = folder.root + "/config.json";
        const std::string type = configValue<std::string>(folder.config, "model_type", "", cfgPath);
        if (type != "florence2" && !type.empty()) // none: the architecture table chose by class name
            throw io::FormatError(cfgPath + ": model_type is '" + type + "', expected 'florence2'");
        if (!folder.config.contains("text_config") || !folder.config["text_config"].is_object())
            throw io::FormatError(cfgPath + ": text_config missing");
        const VisionConfig vision = parseVisionConfig(folder.config, cfgPath);
        const BartConfig text = parseBartConfig(folder.config["text_config"], cfgPath);
        if (vision.projectionDim != text.dModel)
            throw io::FormatError(cfgPath + ": projection_dim " + std::to_string(vision.projectionDim) +
                                  " is not the text model's d_model " + std::to_string(text.dModel));
        m_pre = preprocessConfig(folder.preprocessorConfig);
        if (m_pre.width != m_pre.height)
            throw io::FormatError("preprocessor_config.json: size " + std::to_string(m_pre.width) + "x" +
                                  std::to_string(m_pre.height) + " is not square, as Florence-2's image grid must be");
        const int64_t side = vision.gridSide(m_pre.width);
        m_imageTokens = 1 + side * side;
        if (side < 1 || side > vision.maxPosEmbeddings || m_imageTokens + 2 > text.maxPositions)
            throw io::FormatError("preprocessor_config.json: a " + std::to_string(m_pre.width) + " px image gives a " +
                                  std::to_string(side) + "x" + std::to_string(side) +
                                  " grid, outside what the position tables number");

        m_caps = ctx.declared;
        m_caps.dialect = "florence2";
        m_caps.regionInput = true; // a drawn box as four <loc_…> tokens
        m_caps.masks = true;       // polygons
        m_caps.ocr = true;         // text with its quad
        if (m_caps.tasks.empty())
            for (const Task &t : tasks())
                m_caps.tasks.push_back(t.dialectTask);

        ctx.progress(0.1, "tokenizer");
        m_tok = std::make_unique<text::BpeTokenizer>(loadTokenizer(folder.tokenizerDir));
        if (m_tok->vocabSize() > text.vocabSize)
            throw io::FormatError(folder.tokenizerDir + ": tokenizer has " + std::to_string(m_tok->vocabSize()) +
                                  " ids but config.json vocab_size is " + std::to_string(text.vocabSize));
        ctx.progress(0.2, "weights");
        io::SafeTensors st = withRemoteNames(io::openWeights(folder));
        validateWeights(vision, text, st);
        m_weights = WeightStore(std::move(st), ctx.device, ctx.weights, ctx.packing);
        ctx.progress(0.4, "vision");
        m_vision = VisionEncoder(m_weights, vision, ctx.stop);
        ctx.progress(0.6, "language model");
        m_bart = std::make_unique<BartModel>(text, m_weights, ctx.stop);
    }

    const runtime::Capabilities &capabilities() const override { return m_caps; }
    const text::Tokenizer &tokenizer() const override { return *m_tok; }
    runtime::SamplingParams generationDefaults() const override
    {
        return florence2::generationDefaults(m_bart->config());
    }
    int imageSize() const override { return m_pre.width; }
    // The reference usage (the model card, the processor's examples) asks for 1024: an <OD> answer is four
    // tokens per box, and a busy image has many boxes.
    int64_t defaultMaxNewTokens() const override { return 1024; }
    // the decoder's start token takes the first of its learned positions
    int64_t maxNewTokens() const override { return m_bart->config().maxPositions - 1; }
    int64_t vocabSize() const override { return m_bart->config().vocabSize; }
    int64_t parameterBytes() const override { return m_weights.residentBytes(); }

    at::Tensor pixels(const io::RgbImage &image) const override
    {
        return pixelTensor(image, m_pre, m_weights.device());
    }
    at::Tensor encodeImage(const at::Tensor &pixels, const StopCheck &stop) const override
    {
        return m_vision.forward(pixels, false, stop).features;
    }

    // Florence-2 answers one prompt about an image and was not trained on conversations: earlier turns
    // are not shown to it. The encoder reads the image features, then the processor's input_ids; the
    // dialect reads only the answer.
    runtime::PromptLayout buildPrompt(const std::vector<runtime::Turn> &, const std::string &prompt,
                                      SizeI) const override
    {
        runtime::PromptLayout l;
        // The image slots' ids are never looked up: the features replace them.
        l.ids.assign(static_cast<size_t>(m_imageTokens), m_bart->config().padId);
        l.images = {{0, m_imageTokens}};
        const std::vector<int64_t> text = promptIds(*m_tok, prompt);
        l.ids.insert(l.ids.end(), text.begin(), text.end());
        l.textStart = static_cast<int64_t>(l.ids.size());
        return l;
    }
    void appendPrompt(runtime::PromptLayout &, const std::string &) const override
    {
        throw std::invalid_argument("Florence-2 reads one prompt per image: ask a new question instead of a follow-up");
    }
    std::unique_ptr<runtime::DecodeState> newState() const override { return std::make_unique<DecodeState>(*m_bart); }

private:
    runtime::Capabilities m_caps;
    std::unique_ptr<text::BpeTokenizer> m_tok;
    ClipPreprocessConfig m_pre;
    int64_t m_imageTokens = 0;
    WeightStore m_weights; // the mapping every model tensor aliases: declared before the models
    VisionEncoder m_vision;
    std::unique_ptr<BartModel> m_bart;
};

} // namespace

std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder, const runtime::LoadContext &context)
{
    return std::make_unique<Florence2>(folder, context);
}

} // namespace gc::nn::florence2
