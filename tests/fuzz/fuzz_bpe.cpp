// libFuzzer target for the byte-level BPE readers and tokenizer (engine/text/bpe_*), also compiled into a plain
// replay test. Input: a mode byte, then NUL-separated parts. Mode even: vocab.json, merges.txt, text; mode odd:
// tokenizer.json, text. Bad files must be FormatErrors; a tokenizer that loads must encode any bytes, decode any
// ids, and give the text back when no added token or unknown byte is involved.
#include "core/utf8.h"
#include "io/safetensors.h"
#include "text/bpe_files.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool tokenizerJson = data[0] % 2 == 1;
    const std::string_view in(reinterpret_cast<const char *>(data + 1), size - 1);
    std::vector<std::string_view> parts;
    size_t at = 0;
    for (size_t i = 0; i < (tokenizerJson ? 1u : 2u); ++i) {
        const size_t nul = in.find('\0', at);
        if (nul == std::string_view::npos)
            return 0;
        parts.push_back(in.substr(at, nul - at));
        at = nul + 1;
    }
    const std::string_view text = in.substr(at);
    try {
        gc::text::BpeSpec spec =
            tokenizerJson ? gc::text::parseTokenizerJson(gc::text::parseTokenizerFileJson(parts[0], "fuzz"), {}, {}, "fuzz")
                          : gc::text::parseVocabMerges(gc::text::parseTokenizerFileJson(parts[0], "fuzz"), parts[1], {},
                                                       {}, {}, "fuzz");
        spec.cleanUpSpaces = false;
        const bool prefixSpace = spec.addPrefixSpace;
        const gc::text::BpeTokenizer tok(std::move(spec), "fuzz");
        const std::vector<int64_t> ids = tok.encode(text);
        const std::string back = tok.decode(ids, false);
        (void)tok.decode(ids, true);
        bool plain = !prefixSpace && text.find('<') == std::string_view::npos;
        for (int64_t id : ids) {
            if (id < 0 || id >= tok.vocabSize())
                std::abort();
            plain = plain && id != tok.unkId() && tok.tokenId(tok.piece(id)) < 0;
        }
        if (plain && back != gc::utf8::sanitize(text))
            std::abort();
        (void)tok.decode({-1, 0, tok.vocabSize(), INT64_MAX});
    } catch (const gc::io::FormatError &) {
    }
    return 0;
}
