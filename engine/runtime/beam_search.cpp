#include "runtime/beam_search.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gc::runtime {

namespace {

// The finished hypotheses of one prompt (the reference's BeamHypotheses): at most numBeams, the worst
// dropped when a better one comes.
class Hypotheses {
public:
    Hypotheses(const SamplingParams &p, int64_t promptLength)
        : m_p(p), m_promptLength(promptLength), m_maxLength(promptLength + p.maxNewTokens) {}

    void add(std::vector<int64_t> tokens, double sumLogProbs, int64_t generatedLength)
    {
        const double score = sumLogProbs / std::pow(static_cast<double>(generatedLength), m_p.lengthPenalty);
        if (static_cast<int64_t>(m_hyps.size()) >= m_p.numBeams && score <= m_worst)
            return;
        m_hyps.push_back({score, std::move(tokens)});
        if (static_cast<int64_t>(m_hyps.size()) > m_p.numBeams) {
            // The lowest score goes (the first of equals, as Python's sorted() orders them).
            std::vector<size_t> order(m_hyps.size());
            for (size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            std::stable_sort(order.begin(), order.end(),
                             [this](size_t a, size_t b) { return m_hyps[a].score < m_hyps[b].score; });
            m_worst = m_hyps[order[1]].score;
            m_hyps.erase(m_hyps.begin() + static_cast<std::ptrdiff_t>(order[0]));
        } else {
            m_worst = std::min(score, m_worst);
        }
    }

    // Whether no open beam can improve the set, given the best open candidate's summed log-probabilities.
    [[nodiscard]] bool done(double bestSumLogProbs, int64_t currentLength) const
    {
        if (static_cast<int64_t>(m_hyps.size()) < m_p.numBeams)
            return false;
        using ES = SamplingParams::EarlyStopping;
        if (m_p.earlyStopping == ES::WhenFull)
            return true;
        const int64_t length = m_p.earlyStopping == ES::Never && m_p.lengthPenalty > 0.0 ? m_maxLength : currentLength;
        return m_worst >= bestSumLogProbs / std::pow(static_cast<double>(length - m_promptLength), m_p.lengthPenalty);
    }

    // The best hypothesis; of equal scores the one added last, as the reference's sorted().pop() gives.
    [[nodiscard]] std::pair<double, std::vector<int64_t>> best() const
    {
        size_t b = 0;
        for (size_t i = 1; i < m_hyps.size(); ++i)
            if (m_hyps[i].score >= m_hyps[b].score)
                b = i;
        return {m_hyps[b].score, m_hyps[b].tokens};
    }

private:
    struct Hyp {
        double score;
        std::vector<int64_t> tokens;
    };
    const SamplingParams &m_p;
    int64_t m_promptLength, m_maxLength;
    std::vector<Hyp> m_hyps;
    double m_worst = 1e9;
};

} // namespace

BeamSearchOutput beamSearch(const at::Tensor &firstLogits, const std::vector<int64_t> &sequence, DecodeState &state,
                            const SamplingParams &p, const GenerateHooks &hooks)
{
    if (p.numBeams < 1)
        throw std::invalid_argument("beam search: num_beams must be at least 1");
    if (firstLogits.dim() != 2 || firstLogits.size(0) != 1)
        throw std::invalid_argument("beam search: one prompt at a time");
    BeamSearchOutput out;
    if (p.maxNewTokens <= 0)
        return out;
    const int64_t nb = p.numBeams, V = firstLogits.size(1), promptLength = static_cast<int64_t>(sequence.size());
    // Every beam starts as the prompt; all but the first score -1e9, so that the first step's
    // candidates come from one copy only.
    std::vector<std::vector<int64_t>> beams(static_cast<size_t>(nb), sequence);
    at::Tensor beamScores = at::full({nb}, -1e9f, at::kFloat);
    beamScores[0] = 0.0f;
    at::Tensor logits = firstLogits.to(at::kCPU).to(at::kFloat).expand({nb, V});
    state.reorder(std::vector<int64_t>(static_cast<size_t>(nb), 0));
    Hypotheses hyps(p, promptLength);
    bool done = false;
    std::vector<int64_t> tokens(static_cast<size_t>(nb));
    for (int64_t s = 0; s < p.maxNewTokens && !done; ++s) {
        if (s > 0) {
            if (hooks.shouldAbort && hooks.shouldAbort()) {
                out.aborted = true;
                break;
            }
            logits = state.step(tokens).to(at::kCPU).to(at::kFloat);
        }
        at::Tensor scores = at::log_softmax(logits, -1).contiguous();
        for (int64_t b = 0; b < nb; ++b) {
            float *row = scores.data_ptr<float>() + b * V;
            std::vector<float> processed(row, row + V);
            applyProcessors(processed, beams[static_cast<size_t>(b)], p, s + 1 == p.maxNewTokens);
            std::copy(processed.begin(), processed.end(), row);
        }
        scores = (scores + beamScores.unsqueeze(1)).view({-1});
        const auto [top, index] = at::topk(scores, std::min<int64_t>(2 * nb, nb * V), 0, true, true);
        const float *topScores = top.data_ptr<float>();
        const int64_t *topIndex = index.data_ptr<int64_t>();
        // The reference's cur_len: the length the candidates were scored at, the start included.
        const int64_t currentLength = static_cast<int64_t>(beams[0].size()) + 1;
        std::vector<int64_t> sources;
        std::vector<float> nextScores;
        tokens.clear();
        for (int64_t rank = 0; rank < top.numel() && static_cast<int64_t>(sources.size()) < nb; ++rank) {
            const int64_t beam = topIndex[rank] / V, token = topIndex[rank] % V;
            if (p.endsAnswer(token)) {
                if (rank >= nb) // only an end among the numBeams best candidates finishes a hypothesis
                    continue;
                std::vector<int64_t> finished = beams[static_cast<size_t>(beam)];
                finished.push_back(token);
                hyps.add(std::move(finished), topScores[rank], currentLength - promptLength);
            } else {
                sources.push_back(beam);
                tokens.push_back(token);
                nextScores.push_back(topScores[rank]);
            }
        }
        if (static_cast<int64_t>(sources.size()) < nb)
            throw std::runtime_error("beam search: fewer than num_beams candidates are not the end token");
        done = hyps.done(topScores[0], currentLength);
        std::vector<std::vector<int64_t>> next;
        for (size_t i = 0; i < sources.size(); ++i) {
            next.push_back(beams[static_cast<size_t>(sources[i])]);
            next.back().push_back(tokens[i]);
        }
        beams = std::move(next);
        beamScores = at::from_blob(nextScores.data(), {nb}, at::kFloat).clone();
        state.reorder(sources);
        if (hooks.onProgress)
            hooks.onProgress(s + 1, p.maxNewTokens);
    }
    // The length limit, or a stop: the open beams compete as they are, without an end token, so a stopped
    // search still answers with the best it had found.
    if (!done)
        for (int64_t b = 0; b < nb; ++b)
            hyps.add(beams[static_cast<size_t>(b)], beamScores[b].item<float>(),
                     static_cast<int64_t>(beams[static_cast<size_t>(b)].size()) - promptLength);
    state.truncate(0);
    auto [score, best] = hyps.best();
    out.score = score;
    out.tokens.assign(best.begin() + promptLength, best.end());
    return out;
}

} // namespace gc::runtime
