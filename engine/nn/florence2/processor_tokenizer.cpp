#include "nn/florence2/processor_tokenizer.h"

#include "text/bpe_files.h"

namespace gc::nn::florence2 {

const std::vector<std::string> &processorTokens()
{
    static const std::vector<std::string> tokens = [] {
        std::vector<std::string> t = {"<od>", "</od>", "<ocr>", "</ocr>"};
        for (int x = 0; x < 1000; ++x)
            t.push_back("<loc_" + std::to_string(x) + ">");
        for (const char *s : {"<cap>",
                              "</cap>",
                              "<ncap>",
                              "</ncap>",
                              "<dcap>",
                              "</dcap>",
                              "<grounding>",
                              "</grounding>",
                              "<seg>",
                              "</seg>",
                              "<sep>",
                              "<region_cap>",
                              "</region_cap>",
                              "<region_to_desciption>",
                              "</region_to_desciption>",
                              "<proposal>",
                              "</proposal>",
                              "<poly>",
                              "</poly>",
                              "<and>"})
            t.emplace_back(s);
        return t;
    }();
    return tokens;
}

text::BpeTokenizer loadTokenizer(const std::string &dir)
{
    text::BpeTokenizer tok = text::loadBpeTokenizer(dir);
    tok.addTokens(processorTokens(), false);
    return tok;
}

} // namespace gc::nn::florence2
