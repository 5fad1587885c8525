#include "runtime/explain.h"

#include "runtime/architectures.h"

#include <algorithm>

namespace gc::runtime {

namespace {

template <typename T>
std::vector<T> values(const at::Tensor &t)
{
    const at::Tensor c = t.to(at::kCPU).contiguous();
    return {c.data_ptr<T>(), c.data_ptr<T>() + c.numel()};
}

at::Tensor longRow(const std::vector<int64_t> &v)
{
    return at::tensor(v, at::kLong).view({1, static_cast<int64_t>(v.size())});
}

} // namespace

std::vector<int64_t> wordTokens(const text::Tokenizer &tok, const std::string &word)
{
    if (word.empty())
        return {};
    // Encoded after a one-token word, the word takes the form it has inside a sentence (sentencepiece's "▁w",
    // byte-level BPE's "Ġw"), which is how an answer names it.
    const std::vector<int64_t> lead = tok.encode("a"), both = tok.encode("a " + word);
    if (both.size() > lead.size() && std::equal(lead.begin(), lead.end(), both.begin()))
        return {both.begin() + static_cast<std::ptrdiff_t>(lead.size()), both.end()};
    return tok.encode(word);
}

Explanation explain(const Architecture &arch, SizeI imageSize, const at::Tensor &pixels, const at::Tensor &embeds,
                    PromptLayout layout, const ExplainParams &given)
{
    ExplainParams params = given;
    if (params.answer.empty() && !params.answerText.empty()) {
        const text::Tokenizer &tok = arch.tokenizer();
        const std::string &a = params.answerText;
        if (params.phraseBegin < 0 || params.phraseEnd > static_cast<int64_t>(a.size()) ||
            params.phraseBegin > params.phraseEnd)
            throw std::invalid_argument("the phrase is not within the answer");
        params.answer = tok.encode(a);
        if (params.phraseEnd > params.phraseBegin) {
            // the tokens that end within the phrase's bytes: those of its prefix and of the prefix up to its end
            params.spanBegin = static_cast<int64_t>(tok.encode(a.substr(0, size_t(params.phraseBegin))).size());
            params.spanEnd = std::min<int64_t>(static_cast<int64_t>(params.answer.size()),
                                               static_cast<int64_t>(tok.encode(a.substr(0, size_t(params.phraseEnd))).size()));
            params.spanBegin = std::min(params.spanBegin, std::max<int64_t>(params.spanEnd - 1, 0));
        }
    }
    if (layout.images.size() != 1)
        throw std::invalid_argument("an explanation takes a prompt with one image, not " +
                                    std::to_string(layout.images.size()));
    const ImageSpan span = layout.images.front();
    const auto promptLength = static_cast<int64_t>(layout.ids.size());
    const auto answerLength = static_cast<int64_t>(params.answer.size());
    if (params.spanBegin < 0 || params.spanEnd > answerLength || params.spanBegin > params.spanEnd)
        throw std::invalid_argument("the span [" + std::to_string(params.spanBegin) + ", " +
                                    std::to_string(params.spanEnd) + ") is not within the answer's " +
                                    std::to_string(answerLength) + " tokens");
    if (params.topK < 1)
        throw std::invalid_argument("topK must be at least 1");
    layout.ids.insert(layout.ids.end(), params.answer.begin(), params.answer.end());
    std::vector<int64_t> queries;
    for (int64_t i = params.spanBegin; i < params.spanEnd; ++i)
        queries.push_back(promptLength - 1 + i);
    if (queries.empty())
        queries.push_back(promptLength - 1);
    std::vector<int64_t> image(static_cast<size_t>(span.length));
    for (int64_t i = 0; i < span.length; ++i)
        image[static_cast<size_t>(i)] = span.start + i;

    Explanation e;
    e.positions = span.length;
    e.vocab = arch.vocabSize();
    const ImageCells cells = arch.imageCells(imageSize, span, pixels);
    e.rows = cells.rows;
    e.cols = cells.cols;
    e.area = cells.area;
    e.viaResampler = cells.viaResampler;
    if (cells.fromPositions.defined())
        e.cellWeights = values<float>(cells.fromPositions.to(at::kFloat));

    nn::DecoderProbe probe;
    probe.hiddenAt = longRow(image);
    probe.queriesAt = longRow(queries);
    std::unique_ptr<DecodeState> state = arch.newState();
    if (!state->setProbe(&probe))
        throw UnsupportedError(arch.capabilities().architecture + ": no logit lens or attention maps for this "
                                                                   "architecture");
    (void)state->prefill(PromptBatch::single(layout), embeds, 0, false, params.shouldAbort);
    state->setProbe(nullptr);
    e.layers = static_cast<int64_t>(probe.hidden.size());
    if (params.fullLens && e.layers * e.positions * e.vocab * int64_t(sizeof(float)) > params.fullLensLimit)
        throw std::invalid_argument("the whole logit lens would take " +
                                    std::to_string(e.layers * e.positions * e.vocab * 4 >> 20) + " MiB (" +
                                    std::to_string(e.layers) + " layers × " + std::to_string(e.positions) +
                                    " image positions × " + std::to_string(e.vocab) + " tokens); the limit is " +
                                    std::to_string(params.fullLensLimit >> 20) + " MiB");

    const at::Tensor imageIndex = at::tensor(image, at::kLong);
    e.attention = values<float>(at::stack(probe.attention).select(1, 0).index_select(1, imageIndex.to(
                                                                                           probe.attention[0].device())));
    const text::Tokenizer &tok = arch.tokenizer();
    e.wordTokens = wordTokens(tok, params.word);
    e.topK = std::min<int64_t>(params.topK, e.vocab);
    for (const at::Tensor &h : probe.hidden) {
        nn::stopIfAsked(params.shouldAbort);
        // One layer at a time, so that only one [positions, vocab] table lives at once.
        const at::Tensor logits = state->lensLogits(h.select(0, 0)).to(at::kFloat);
        if (params.fullLens) {
            const std::vector<float> l = values<float>(logits);
            e.lens.insert(e.lens.end(), l.begin(), l.end());
        }
        const at::Tensor logp = at::log_softmax(logits, -1);
        const auto [p, ids] = at::topk(logp, e.topK, -1);
        const std::vector<float> probs = values<float>(p.exp());
        const std::vector<int64_t> tokens = values<int64_t>(ids);
        e.topProbabilities.insert(e.topProbabilities.end(), probs.begin(), probs.end());
        e.topTokens.insert(e.topTokens.end(), tokens.begin(), tokens.end());
        for (int64_t t : tokens)
            e.topText.push_back(tok.piece(t));
        if (!e.wordTokens.empty()) {
            const std::vector<float> w = values<float>(logp.select(1, e.wordTokens.front()).exp());
            e.wordProbability.insert(e.wordProbability.end(), w.begin(), w.end());
        }
    }
    return e;
}

} // namespace gc::runtime
