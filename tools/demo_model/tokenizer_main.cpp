// demo_tokenizer: trains the demo model's sentencepiece BPE on the synthetic world's text and writes the
// Hugging Face tokenizer files with Kosmos-2's added-token layout. A separate program because Debian's
// libsentencepiece carries a protobuf that must not meet libtorch's in one process.

#include "demo/tasks.h"

#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>

namespace fs = std::filesystem;
using namespace gc::demo;

namespace {

const char *const kTags[] = {"</doc>", "<image>", "</image>", "</chunk>", "</line>", "<phrase>",
                             "</phrase>", "<object>", "</object>", "</delimiter_of_multi_objects/>",
                             "<grounding>"};

nlohmann::json addedToken(const std::string &content, bool lstrip, bool special)
{
    return {{"content", content}, {"lstrip", lstrip}, {"normalized", false}, {"rstrip", false},
            {"single_word", false}, {"special", special}};
}

void writeJson(const fs::path &p, const nlohmann::json &j) { std::ofstream(p) << j.dump(2) << "\n"; }

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::cerr << "usage: demo_tokenizer OUT_DIR [SCENES=3000] [SEED=7]\n";
        return 2;
    }
    const fs::path out = argv[1];
    const int scenes = argc > 2 ? std::atoi(argv[2]) : 3000;
    const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 7;
    fs::create_directories(out);

    // Every task's prompt and answer with the added tokens removed: those never reach sentencepiece.
    const fs::path corpus = out / "corpus.tmp.txt";
    {
        std::ofstream c(corpus);
        const std::regex tag("<[^>]*>");
        std::mt19937_64 rng(seed);
        for (int i = 0; i < scenes; ++i) {
            const Scene s = makeScene(seed * 1000003ull + uint64_t(i));
            for (int t = 0; t < kTasks; ++t) {
                try {
                    const Example ex = makeExample(s, Task(t), rng);
                    c << std::regex_replace(ex.prompt + " " + ex.answer, tag, " ") << "\n";
                } catch (const std::runtime_error &) {
                }
            }
        }
    }
    const fs::path prefix = out / "sentencepiece.bpe";
    const std::string args = "--input=" + corpus.string() + " --model_prefix=" + prefix.string() +
                             " --vocab_size=120 --hard_vocab_limit=false --model_type=bpe --character_coverage=1.0"
                             " --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --num_threads=1 --seed_sentencepiece_size=10000"
                             " --minloglevel=1";
    if (const auto st = sentencepiece::SentencePieceTrainer::Train(args); !st.ok()) {
        std::cerr << "sentencepiece training failed: " << st.ToString() << "\n";
        return 1;
    }
    fs::remove(corpus);
    fs::remove(out / "sentencepiece.bpe.vocab");
    sentencepiece::SentencePieceProcessor sp;
    if (!sp.Load((prefix.string() + ".model")).ok())
        return 1;
    const int spSize = sp.GetPieceSize();

    // fairseq/XLM-R ids: <s> <pad> </s> <unk>, sentencepiece pieces shifted by one, then <mask> and
    // Kosmos-2's tags and 1024 patch-index tokens (Kosmos2Processor's layout).
    nlohmann::json decoder = nlohmann::json::object(), added = nlohmann::json::object();
    const char *specials[] = {"<s>", "<pad>", "</s>", "<unk>"};
    for (int i = 0; i < 4; ++i)
        decoder[std::to_string(i)] = addedToken(specials[i], false, true);
    int64_t next = spSize + 1;
    decoder[std::to_string(next++)] = addedToken("<mask>", true, true);
    std::vector<std::string> extra;
    for (const char *t : kTags)
        extra.emplace_back(t);
    for (int k = 0; k < 1024; ++k) {
        char name[32];
        std::snprintf(name, sizeof name, "<patch_index_%04d>", k);
        extra.emplace_back(name);
    }
    for (const std::string &t : extra) {
        added[t] = next;
        decoder[std::to_string(next++)] = addedToken(t, true, false);
    }
    writeJson(out / "tokenizer_config.json",
              {{"added_tokens_decoder", decoder}, {"additional_special_tokens", extra}, {"bos_token", "<s>"},
               {"eos_token", "</s>"}, {"pad_token", "<pad>"}, {"unk_token", "<unk>"}, {"mask_token", "<mask>"},
               {"cls_token", "<s>"}, {"sep_token", "</s>"}, {"model_max_length", 2048},
               {"tokenizer_class", "XLMRobertaTokenizer"}, {"processor_class", "Kosmos2Processor"}});
    writeJson(out / "added_tokens.json", added);
    writeJson(out / "special_tokens_map.json",
              {{"bos_token", "<s>"}, {"cls_token", "<s>"}, {"eos_token", "</s>"}, {"pad_token", "<pad>"},
               {"sep_token", "</s>"}, {"unk_token", "<unk>"}, {"mask_token", "<mask>"}});
    writeJson(out / "processor_config.json", {{"num_patch_index_tokens", 1024}, {"processor_class", "Kosmos2Processor"}});
    std::cout << "sentencepiece pieces: " << spSize << ", vocabulary: " << next << "\n";
    return 0;
}
