#include "runtime/sampling.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace gc::runtime {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();
}

void banRepeatedNgrams(const std::vector<int64_t> &seq, int64_t n, std::vector<float> &scores)
{
    const int64_t len = static_cast<int64_t>(seq.size());
    if (n <= 0 || len + 1 < n)
        return;
    // The last n-1 tokens followed by any token t form an n-gram; ban t if that n-gram occurred before.
    const int64_t prefixStart = len - n + 1;
    for (int64_t i = 0; i + n <= len; ++i) {
        bool same = true;
        for (int64_t j = 0; j < n - 1 && same; ++j)
            same = seq[static_cast<size_t>(i + j)] == seq[static_cast<size_t>(prefixStart + j)];
        if (same) {
            const int64_t t = seq[static_cast<size_t>(i + n - 1)];
            if (t >= 0 && t < static_cast<int64_t>(scores.size()))
                scores[static_cast<size_t>(t)] = kNegInf;
        }
    }
}

void penalizeRepetitions(const std::vector<int64_t> &seq, double penalty, std::vector<float> &scores)
{
    if (penalty == 1.0)
        return;
    // Each distinct id once, as the reference's gather/scatter over the sequence has it; float32 arithmetic.
    const float f = static_cast<float>(penalty);
    std::vector<bool> seen(scores.size(), false);
    for (int64_t t : seq) {
        if (t < 0 || t >= static_cast<int64_t>(scores.size()) || seen[static_cast<size_t>(t)])
            continue;
        seen[static_cast<size_t>(t)] = true;
        float &s = scores[static_cast<size_t>(t)];
        s = s < 0 ? s * f : s / f;
    }
}

void applyProcessors(std::vector<float> &scores, const std::vector<int64_t> &seq, const SamplingParams &p,
                     bool lastToken)
{
    penalizeRepetitions(seq, p.repetitionPenalty, scores);
    banRepeatedNgrams(seq, p.noRepeatNgramSize, scores);
    auto force = [&scores](int64_t id) {
        if (id < 0 || id >= static_cast<int64_t>(scores.size()))
            return;
        std::fill(scores.begin(), scores.end(), kNegInf);
        scores[static_cast<size_t>(id)] = 0.0f;
    };
    if (seq.size() == 1)
        force(p.forcedBosId);
    if (lastToken)
        force(p.forcedEosId);
}

int64_t chooseToken(std::vector<float> &scores, const std::vector<int64_t> &seq, const SamplingParams &p,
                    std::mt19937_64 &rng, bool lastToken)
{
    applyProcessors(scores, seq, p, lastToken);
    const size_t V = scores.size();
    if (!p.doSample || p.temperature <= 0.0) {
        // First maximum, as argmax does in the reference.
        return static_cast<int64_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
    }
    if (p.temperature != 1.0)
        for (float &s : scores)
            s = static_cast<float>(s / p.temperature);
    if (p.topK > 0 && static_cast<size_t>(p.topK) < V) {
        std::vector<float> sorted(scores);
        std::nth_element(sorted.begin(), sorted.begin() + (p.topK - 1), sorted.end(), std::greater<float>());
        const float kth = sorted[static_cast<size_t>(p.topK - 1)];
        for (float &s : scores)
            if (s < kth)
                s = kNegInf;
    }
    if (p.topP < 1.0) {
        // Drop the low-probability tail whose total mass is at most 1 - top_p; the best token stays.
        std::vector<size_t> order(V);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
        const float mx = scores[order.back()];
        double sum = 0;
        std::vector<double> prob(V);
        for (size_t i = 0; i < V; ++i)
            sum += (prob[i] = std::exp(static_cast<double>(scores[i]) - mx));
        double cum = 0;
        for (size_t r = 0; r + 1 < V; ++r) {
            cum += prob[order[r]] / sum;
            if (cum <= 1.0 - p.topP)
                scores[order[r]] = kNegInf;
            else
                break;
        }
    }
    const float mx = *std::max_element(scores.begin(), scores.end());
    std::vector<double> w(V);
    double sum = 0;
    for (size_t i = 0; i < V; ++i)
        sum += (w[i] = scores[i] == kNegInf ? 0.0 : std::exp(static_cast<double>(scores[i]) - mx));
    double r = std::uniform_real_distribution<double>(0.0, sum)(rng);
    for (size_t i = 0; i < V; ++i) {
        r -= w[i];
        if (r < 0 && w[i] > 0)
            return static_cast<int64_t>(i);
    }
    return static_cast<int64_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
}

} // namespace gc::runtime
