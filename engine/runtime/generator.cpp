#include "runtime/generator.h"

#include <algorithm>

namespace gc::runtime {

GenerateOutput generate(at::Tensor logits, std::vector<std::vector<int64_t>> seqs, DecodeState &state,
                        const SamplingParams &p, const GenerateHooks &hooks, bool keepLogits)
{
    GenerateOutput out;
    const int64_t B = static_cast<int64_t>(seqs.size());
    out.newTokens.assign(static_cast<size_t>(B), {});
    std::vector<bool> done(static_cast<size_t>(B), false);
    std::mt19937_64 rng(p.seed);

    for (int64_t s = 0; s < p.maxNewTokens; ++s) {
        if (s > 0) {
            if (hooks.shouldAbort && hooks.shouldAbort()) {
                out.aborted = true;
                return out;
            }
            std::vector<int64_t> last(static_cast<size_t>(B));
            for (int64_t b = 0; b < B; ++b)
                last[static_cast<size_t>(b)] = seqs[static_cast<size_t>(b)].back();
            logits = state.step(last);
        }
        at::Tensor cpu = logits.to(at::kCPU).to(at::kFloat).contiguous();
        if (keepLogits)
            out.rawLogits.push_back(cpu.clone());
        at::Tensor processed = keepLogits ? at::empty_like(cpu) : at::Tensor();
        for (int64_t b = 0; b < B; ++b) {
            int64_t tok = p.padId;
            const float *row = cpu.data_ptr<float>() + b * cpu.size(1);
            std::vector<float> scores(row, row + cpu.size(1));
            if (!done[static_cast<size_t>(b)]) {
                tok = chooseToken(scores, seqs[static_cast<size_t>(b)], p, rng, s + 1 == p.maxNewTokens);
                out.newTokens[static_cast<size_t>(b)].push_back(tok);
                if (p.endsAnswer(tok))
                    done[static_cast<size_t>(b)] = true;
                if (hooks.onToken)
                    hooks.onToken(b, tok);
            }
            if (keepLogits)
                std::copy(scores.begin(), scores.end(), processed.data_ptr<float>() + b * cpu.size(1));
            seqs[static_cast<size_t>(b)].push_back(tok);
        }
        if (keepLogits)
            out.scores.push_back(processed);
        if (hooks.onProgress)
            hooks.onProgress(s + 1, p.maxNewTokens);
        if (std::all_of(done.begin(), done.end(), [](bool d) { return d; }))
            break;
    }
    return out;
}

} // namespace gc::runtime
