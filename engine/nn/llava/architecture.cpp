#include "nn/llava/architecture.h"

#include "core/utf8.h"
#include "nn/llava/chat_template.h"
#include "nn/llava/decode_state.h"
#include "nn/llava/ferret_region_prompt.h"
#include "nn/llava/model.h"
#include "nn/llava/weight_names.h"
#include "nn/pixel_tensor.h"
#include "runtime/folder_template.h"
#include "text/llama_tokenizer.h"

#include <optional>

namespace gc::nn::llava {

namespace {

// preprocessor_config.json over CLIPImageProcessor's defaults at the tower's size.
ClipPreprocessConfig preprocessConfig(const nlohmann::json &pc, const Config &cfg)
{
    ClipPreprocessConfig defaults;
    defaults.height = defaults.width = defaults.shortestEdge = static_cast<int>(cfg.vision.imageSize);
    ClipPreprocessConfig pre = parseClipImageProcessor(pc, defaults);
    pre.padToSquare = cfg.padToSquare || configValue<std::string>(pc, "image_aspect_ratio", "", "preprocessor_config.json") == "pad";
    if (pre.height != cfg.vision.imageSize || pre.width != cfg.vision.imageSize)
        throw io::FormatError("preprocessor_config.json: the images come out " + std::to_string(pre.width) + "x" +
                              std::to_string(pre.height) + " but the vision tower takes " +
                              std::to_string(cfg.vision.imageSize) + "x" + std::to_string(cfg.vision.imageSize));
    return pre;
}

class Llava final : public runtime::Architecture {
public:
    Llava(const io::ModelFolder &folder, const runtime::LoadContext &ctx)
    {
        const std::string where = folder.root + "/config.json";
        m_original = isOriginalLayout(folder.config);
        std::string towerDir;
        Config cfg;
        nlohmann::json preprocessor = folder.preprocessorConfig;
        if (m_original) {
            const std::string tower = configValue<std::string>(folder.config, "mm_vision_tower", "", where);
            towerDir = findVisionTowerFolder(folder.root, tower);
            if (towerDir.empty())
                throw io::MissingFileError(where + ": the vision tower '" + tower +
                                           "' (mm_vision_tower) is not a folder, not beside the model and not in the "
                                           "Hugging Face cache");
            cfg = parseOriginalConfig(folder.config, io::readJsonFile(towerDir + "/config.json"), where);
            if (preprocessor.empty()) // the original repo uses the tower's own image processor
                preprocessor = io::openModelFolder(towerDir).preprocessorConfig;
        } else {
            cfg = parseConfig(folder.config, where);
        }
        m_caps = ctx.declared;
        m_caps.regionInput = true; // boxes as [x1, y1, x2, y2] text
        if (!folder.config.contains("groundchat_multi_turn"))
            m_caps.chat = true; // trained on conversations
        ctx.progress(0.1, "tokenizer");
        m_tok = text::LlamaTokenizer::fromFolder(folder);
        if (cfg.imageStartEnd) {
            m_imageStart = m_tok.tokenId("<im_start>");
            m_imageEnd = m_tok.tokenId("<im_end>");
            cfg.imageTokenId = m_tok.tokenId("<im_patch>");
            if (m_imageStart < 0 || m_imageEnd < 0 || cfg.imageTokenId < 0)
                throw io::FormatError(folder.tokenizerDir + ": config.json says mm_use_im_start_end but the tokenizer "
                                                            "lacks <im_start>, <im_patch> or <im_end>");
        }
        const int64_t imageId = m_tok.tokenId("<image>");
        if (!m_original && imageId != cfg.imageTokenId)
            throw io::FormatError(folder.tokenizerDir + ": the tokenizer's <image> is " +
                                  (imageId < 0 ? std::string("missing") : "id " + std::to_string(imageId)) +
                                  " but config.json's image_token_index is " + std::to_string(cfg.imageTokenId));
        if (m_tok.vocabSize() > cfg.text.vocabSize)
            throw io::FormatError(folder.tokenizerDir + ": tokenizer has " + std::to_string(m_tok.vocabSize()) +
                                  " ids but config.json's text vocab_size is " + std::to_string(cfg.text.vocabSize));
        if (cfg.regionFeature != RegionFeature::None) {
            // FERRETMetaForCausalLM swaps <region_fea>'s embedding (config.im_region_fea_token) for the region's feature
            const int64_t id = m_tok.tokenId(kRegionFeaToken);
            if (id < 0 || (cfg.regionTokenId >= 0 && cfg.regionTokenId != id))
                throw io::FormatError(folder.tokenizerDir + ": the tokenizer's <region_fea> is " +
                                      (id < 0 ? std::string("missing") : "id " + std::to_string(id)) +
                                      " but config.json's im_region_fea_token is " + std::to_string(cfg.regionTokenId));
            cfg.regionTokenId = id;
        }
        m_pre = preprocessConfig(preprocessor, cfg);
        m_template = runtime::FolderTemplate::of(folder);
        // the boxes are of the square the model saw: padded, or the centre crop
        m_caps.dialect = m_pre.padToSquare ? "llava-1.5" : "llava-1.5-crop";
        ctx.progress(0.2, "weights");
        io::SafeTensors st = io::openWeights(folder);
        if (m_original) {
            io::SafeTensors tower;
            const bool saved = st.find("model.vision_tower.vision_tower.vision_model.embeddings.class_embedding");
            if (!saved)
                tower = io::openWeights(io::openModelFolder(towerDir));
            st = withHfNames(std::move(st), saved ? nullptr : &tower);
        }
        ctx.progress(0.5, "model");
        m_model = std::make_unique<Model>(cfg, WeightStore(std::move(st), ctx.device, ctx.weights), ctx.stop);
    }

    const runtime::Capabilities &capabilities() const override { return m_caps; }
    const text::Tokenizer &tokenizer() const override { return m_tok; }
    runtime::SamplingParams generationDefaults() const override
    {
        runtime::SamplingParams p; // greedy: the checkpoint's generation config sets nothing else
        p.eosId = m_tok.eosId();
        const int64_t pad = m_model->config().padTokenId;
        p.padId = pad >= 0 ? pad : m_tok.padId() >= 0 ? m_tok.padId() : m_tok.eosId();
        return p;
    }
    int imageSize() const override { return static_cast<int>(m_model->config().vision.imageSize); }
    int64_t vocabSize() const override { return m_model->config().text.vocabSize; }
    int64_t parameterBytes() const override { return m_model->weights().residentBytes(); }

    at::Tensor pixels(const io::RgbImage &image) const override
    {
        return pixelTensor(image, m_pre, m_model->weights().device());
    }
    // Ferret's rows carry the tower's features behind the projector's, for its region slots (decode_state.h).
    at::Tensor encodeImage(const at::Tensor &pixels, const StopCheck &stop) const override
    {
        VisionOutput v = m_model->encodeImage(pixels, false, stop);
        if (m_model->config().regionFeature == RegionFeature::None)
            return v.imageFeatures;
        return at::cat({v.imageFeatures, v.selected.to(v.imageFeatures.scalar_type())}, -1);
    }

    // The folder's chat template, else LLaVA-1.5's conversation format; the image is the same size for every image.
    runtime::PromptLayout buildPrompt(const std::vector<runtime::Turn> &history, const std::string &prompt,
                                      SizeI size) const override
    {
        runtime::PromptLayout l;
        if (m_template) {
            runtime::FolderTemplate::Exchanges past;
            for (const runtime::Turn &t : history)
                past.emplace_back(utf8::trim(t.prompt), utf8::trim(t.answer));
            l = layoutOf(withoutBos(m_template->conversation(past, std::string(utf8::trim(prompt)))), size);
        } else {
            l = layoutOf(conversationText(history, prompt, {"<image>", m_tok.piece(m_tok.eosId())}), size);
        }
        l.dialectStart = static_cast<int64_t>(l.ids.size()); // the dialect reads the answer, not the conversation
        return l;
    }
    // The prompt as written, in the model's own markup, its "<image>" expanded. As with the template, the
    // dialect reads what the model wrote: a raw prompt ends where the assistant's turn begins.
    runtime::PromptLayout buildRawPrompt(const std::string &prompt, SizeI size) const override
    {
        runtime::PromptLayout l = layoutOf(prompt, size);
        l.dialectStart = static_cast<int64_t>(l.ids.size());
        return l;
    }
    void appendPrompt(runtime::PromptLayout &conversation, const std::string &prompt) const override
    {
        // an answer cut at the token limit is closed as buildPrompt closes every earlier answer
        const std::string rest =
            m_template ? runtime::closeAnswer(conversation.ids, m_template->followUp(std::string(utf8::trim(prompt))),
                                              m_tok.eosId(), m_tok.piece(m_tok.eosId()))
                       : runtime::closeAnswer(conversation.ids, m_tok.piece(m_tok.eosId()) + followUpText(prompt),
                                              m_tok.eosId(), m_tok.piece(m_tok.eosId()));
        const std::vector<int64_t> t = m_tok.encodeContinuation(rest);
        const int64_t from = static_cast<int64_t>(conversation.ids.size());
        conversation.ids.insert(conversation.ids.end(), t.begin(), t.end());
        conversation.dialectStart = static_cast<int64_t>(conversation.ids.size());
        if (m_model->config().regionFeature != RegionFeature::None && rest.find(kRegionFeaToken) != std::string::npos) {
            // the image's size is the one the conversation's earlier regions were written on
            if (conversation.regions.empty())
                throw std::invalid_argument("Ferret: a region in a follow-up needs the image's size; ask with the "
                                            "whole conversation instead");
            const runtime::RegionSlot &any = conversation.regions.front();
            placeFerretRegions(conversation.regions, ferretRegionsInText(rest, any.imageWidth, any.imageHeight),
                               conversation.ids, from, m_model->config().regionTokenId);
        }
    }
    std::unique_ptr<runtime::DecodeState> newState() const override { return std::make_unique<DecodeState>(*m_model); }
    // The patch grid on the square the tower saw: the image padded to its longer side, or its centre crop.
    runtime::ImageCells imageCells(SizeI size, const runtime::ImageSpan &span, const at::Tensor &pixels) const override
    {
        runtime::ImageCells c = runtime::Architecture::imageCells(size, span, pixels);
        const double side = m_pre.padToSquare ? std::max(size.width, size.height) : std::min(size.width, size.height);
        const double x = (size.width - side) / 2, y = (size.height - side) / 2;
        c.area = {x, y, x + side, y + side};
        return c;
    }

private:
    // layoutOf() starts the ids with <s> as the tokenizer does: a template that writes it too would double it.
    std::string withoutBos(std::string text) const
    {
        const std::string bos = m_template->token("bos_token");
        if (m_tok.addsBos() && !bos.empty() && text.compare(0, bos.size(), bos) == 0)
            text.erase(0, bos.size());
        return text;
    }

    // The text through the tokenizer as the processor runs it, its one <image> expanded to the image's rows, and
    // Ferret's region slots on an image of `imageSize`. The
    // original repo tokenizes the text around "<image>" piece by piece (each piece loses its own <s>) and puts
    // its placeholder id between them, or (mm_use_im_start_end) <im_start>, the <im_patch> rows and <im_end>.
    runtime::PromptLayout layoutOf(const std::string &text, SizeI imageSize) const
    {
        std::vector<int64_t> ids;
        if (m_tok.addsBos())
            ids.push_back(m_tok.bosId());
        if (!m_original) {
            const std::vector<int64_t> t = m_tok.encode(text);
            ids.insert(ids.end(), t.begin(), t.end());
        } else {
            const std::string tag = "<image>";
            size_t from = 0;
            for (size_t at; (at = text.find(tag, from)) != std::string::npos; from = at + tag.size()) {
                const std::vector<int64_t> t = m_tok.encode(text.substr(from, at - from));
                ids.insert(ids.end(), t.begin(), t.end());
                if (m_imageStart >= 0)
                    ids.push_back(m_imageStart);
                ids.push_back(m_model->config().imageTokenId);
                if (m_imageEnd >= 0)
                    ids.push_back(m_imageEnd);
            }
            const std::vector<int64_t> t = m_tok.encode(text.substr(from));
            ids.insert(ids.end(), t.begin(), t.end());
        }
        runtime::PromptLayout l = expandImage(ids, m_model->config().imageTokenId, m_model->config().imageTokens());
        // Ferret: each <region_fea> (the text's own, not a spelling of it) takes its region's feature
        if (m_model->config().regionFeature != RegionFeature::None)
            placeFerretRegions(l.regions, ferretRegionsInText(text, imageSize.width, imageSize.height), l.ids, 0,
                               m_model->config().regionTokenId);
        return l;
    }

    runtime::Capabilities m_caps;
    bool m_original = false; // the original repo's layout (weight_names.h)
    int64_t m_imageStart = -1, m_imageEnd = -1; // <im_start> and <im_end> when the image is written with them
    text::LlamaTokenizer m_tok;
    std::optional<runtime::FolderTemplate> m_template;
    std::unique_ptr<Model> m_model;
    ClipPreprocessConfig m_pre;
};

} // namespace

std::unique_ptr<runtime::Architecture> loadArchitecture(const io::ModelFolder &folder, const runtime::LoadContext &context)
{
    return std::make_unique<Llava>(folder, context);
}

} // namespace gc::nn::llava
