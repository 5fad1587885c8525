#include "runtime/explain.h"

#include "runtime/architectures.h"

#include <algorithm>
#include <tuple>

namespace gc::runtime {

namespace {

constexpr int kPassTopK = 5;

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

// Each answer token's bytes in the decoded answer: where the decoded text of the tokens before it ends, and
// where it ends with it (a token that completes a character written by others owns those bytes too).
std::vector<std::pair<int64_t, int64_t>> tokenBytes(const text::Tokenizer &tok, const std::vector<int64_t> &answer,
                                                    std::string &text)
{
    std::vector<std::pair<int64_t, int64_t>> spans;
    std::vector<int64_t> prefix;
    int64_t end = 0;
    for (int64_t id : answer) {
        prefix.push_back(id);
        const auto now = static_cast<int64_t>(tok.decode(prefix).size());
        spans.emplace_back(std::min(end, now), now);
        end = now;
    }
    text = tok.decode(answer);
    return spans;
}

// The answer tokens [first, second) that wrote the phrase: those whose bytes overlap the phrase's bytes of the
// answer's text as the caller holds it, found in the decoded text at the same place, else at its first occurrence.
std::pair<int64_t, int64_t> phraseTokens(const ExplainPass &pass, const ExplainParams &params)
{
    const std::string &given = params.answerText.empty() ? pass.answerText : params.answerText;
    if (params.phraseBegin < 0 || params.phraseEnd > static_cast<int64_t>(given.size()) ||
        params.phraseBegin > params.phraseEnd)
        throw std::invalid_argument("the phrase is not within the answer");
    const std::string phrase = given.substr(size_t(params.phraseBegin), size_t(params.phraseEnd - params.phraseBegin));
    int64_t at = params.phraseBegin;
    // streamed text may start with the space a whole decode drops: the same bytes, shifted
    if (given.size() > pass.answerText.size() &&
        given.compare(given.size() - pass.answerText.size(), std::string::npos, pass.answerText) == 0)
        at -= static_cast<int64_t>(given.size() - pass.answerText.size());
    if (at < 0 || pass.answerText.compare(size_t(std::min<int64_t>(at, int64_t(pass.answerText.size()))), phrase.size(), phrase) != 0) {
        const size_t found = pass.answerText.find(phrase);
        if (found == std::string::npos)
            throw std::invalid_argument("the phrase '" + phrase + "' is not in the answer the model wrote");
        at = static_cast<int64_t>(found);
    }
    const int64_t end = at + static_cast<int64_t>(phrase.size());
    int64_t first = -1, last = -1;
    for (size_t i = 0; i < pass.tokenBytes.size(); ++i) {
        const auto [b, e] = pass.tokenBytes[i];
        if (b < end && e > at) {
            if (first < 0)
                first = static_cast<int64_t>(i);
            last = static_cast<int64_t>(i) + 1;
        }
    }
    if (first < 0)
        throw std::invalid_argument("no token of the answer wrote the phrase '" + phrase + "'");
    return {first, last};
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

std::vector<int64_t> answerIds(const text::Tokenizer &tok, const ExplainParams &params)
{
    if (!params.answer.empty() || params.answerText.empty())
        return params.answer;
    return tok.encode(params.answerText);
}

ExplainPass recordPass(const Architecture &arch, SizeI imageSize, const at::Tensor &pixels, const at::Tensor &embeds,
                       PromptLayout layout, std::vector<int64_t> answer, int topK, const nn::StopCheck &shouldAbort)
{
    if (layout.images.size() != 1)
        throw std::invalid_argument("an explanation takes a prompt with one image, not " +
                                    std::to_string(layout.images.size()));
    if (topK < 1)
        throw std::invalid_argument("topK must be at least 1");
    const ImageSpan span = layout.images.front();
    ExplainPass pass;
    pass.promptLength = static_cast<int64_t>(layout.ids.size());
    pass.tokenBytes = tokenBytes(arch.tokenizer(), answer, pass.answerText);
    pass.answer = std::move(answer);
    layout.ids.insert(layout.ids.end(), pass.answer.begin(), pass.answer.end());
    std::vector<int64_t> queries;
    for (size_t i = 0; i < std::max<size_t>(pass.answer.size(), 1); ++i)
        queries.push_back(pass.promptLength - 1 + static_cast<int64_t>(i));
    std::vector<int64_t> image(static_cast<size_t>(span.length));
    for (int64_t i = 0; i < span.length; ++i)
        image[static_cast<size_t>(i)] = span.start + i;
    pass.cells = arch.imageCells(imageSize, span, pixels);

    nn::DecoderProbe probe;
    probe.hiddenAt = longRow(image);
    probe.queriesAt = longRow(queries);
    std::unique_ptr<DecodeState> state = arch.newState();
    if (!state->setProbe(&probe))
        throw UnsupportedError(arch.capabilities().architecture + ": no logit lens or attention maps for this "
                                                                   "architecture");
    (void)state->prefill(PromptBatch::single(layout), embeds, 0, false, shouldAbort);
    state->setProbe(nullptr);
    state.reset(); // its cache: only the probe's rows are kept

    std::vector<at::Tensor> hidden;
    for (const at::Tensor &h : probe.hidden)
        hidden.push_back(h.select(0, 0));
    pass.hidden = at::stack(hidden);
    const at::Tensor imageIndex = at::tensor(image, at::kLong).to(probe.attention[0].device());
    pass.attention = at::stack(probe.attention).select(1, 0).index_select(2, imageIndex).transpose(0, 1).contiguous();

    const std::unique_ptr<DecodeState> head = arch.newState();
    // a few more than asked, for later questions that ask for more
    const int64_t k = std::min<int64_t>(std::max(topK, kPassTopK), arch.vocabSize());
    std::vector<at::Tensor> norms, tops, ids;
    for (const at::Tensor &h : hidden) {
        nn::stopIfAsked(shouldAbort);
        // One layer at a time, so that only one [positions, vocab] table lives at once.
        const at::Tensor logits = head->lensLogits(h).to(at::kFloat);
        norms.push_back(at::logsumexp(logits, -1));
        const auto [top, which] = at::topk(logits, k, -1);
        tops.push_back(top - norms.back().unsqueeze(-1));
        ids.push_back(which);
    }
    pass.logNorm = at::stack(norms);
    pass.topLogp = at::stack(tops);
    pass.topIds = at::stack(ids);
    return pass;
}

Explanation readPass(const Architecture &arch, const ExplainPass &pass, const ExplainParams &params)
{
    const text::Tokenizer &tok = arch.tokenizer();
    const auto answerLength = static_cast<int64_t>(pass.answer.size());
    int64_t spanBegin = params.spanBegin, spanEnd = params.spanEnd;
    if (params.phraseEnd > params.phraseBegin)
        std::tie(spanBegin, spanEnd) = phraseTokens(pass, params);
    if (spanBegin < 0 || spanEnd > answerLength || spanBegin > spanEnd)
        throw std::invalid_argument("the span [" + std::to_string(spanBegin) + ", " + std::to_string(spanEnd) +
                                    ") is not within the answer's " + std::to_string(answerLength) + " tokens");
    if (params.topK < 1)
        throw std::invalid_argument("topK must be at least 1");

    Explanation e;
    e.layers = pass.hidden.size(0);
    e.positions = pass.hidden.size(1);
    e.vocab = arch.vocabSize();
    const int lensLayer = arch.capabilities().lensLayer;
    e.defaultLayer = lensLayer >= 0 && lensLayer < e.layers ? lensLayer : e.layers - 1;
    e.rows = pass.cells.rows;
    e.cols = pass.cells.cols;
    e.area = pass.cells.area;
    e.cellSource = pass.cells.source;
    if (pass.cells.fromPositions.defined())
        e.cellWeights = values<float>(pass.cells.fromPositions.to(at::kFloat));
    e.answerTokens = pass.answer;
    e.spanBegin = spanBegin;
    e.spanEnd = spanEnd;
    // the span's queries, or the last prompt position (row 0) for an empty one
    const at::Tensor rows = spanEnd > spanBegin ? pass.attention.narrow(0, spanBegin, spanEnd - spanBegin)
                                                : pass.attention.narrow(0, 0, 1);
    e.attention = values<float>(rows.mean(0));

    const std::unique_ptr<DecodeState> head = arch.newState();
    if (params.fullLens) {
        if (e.layers * e.positions * e.vocab * int64_t(sizeof(float)) > params.fullLensLimit)
            throw std::invalid_argument("the whole logit lens would take " +
                                        std::to_string(e.layers * e.positions * e.vocab * 4 >> 20) + " MiB (" +
                                        std::to_string(e.layers) + " layers × " + std::to_string(e.positions) +
                                        " image positions × " + std::to_string(e.vocab) + " tokens); the limit is " +
                                        std::to_string(params.fullLensLimit >> 20) + " MiB");
        for (int64_t l = 0; l < e.layers; ++l) {
            nn::stopIfAsked(params.shouldAbort);
            const std::vector<float> v = values<float>(head->lensLogits(pass.hidden[l]).to(at::kFloat));
            e.lens.insert(e.lens.end(), v.begin(), v.end());
        }
    }

    e.topK = std::min<int64_t>(params.topK, pass.topIds.size(2));
    e.topProbabilities = values<float>(pass.topLogp.narrow(2, 0, e.topK).exp());
    e.topTokens = values<int64_t>(pass.topIds.narrow(2, 0, e.topK));
    for (int64_t t : e.topTokens)
        e.topText.push_back(tok.piece(t));

    e.wordTokens = wordTokens(tok, params.word);
    if (!e.wordTokens.empty()) {
        const at::Tensor id = at::tensor(std::vector<int64_t>{e.wordTokens.front()}, at::kLong);
        // the word's row of the head alone, normalised by the pass's log Σ exp
        const at::Tensor logit = head->lensLogits(pass.hidden, id).to(at::kFloat).squeeze(-1);
        e.wordProbability = values<float>((logit - pass.logNorm).exp());
    }
    return e;
}

} // namespace gc::runtime
