#include "text/xlmr_tokenizer.h"

#include "io/safetensors.h"

#include "text/spm_model.h"

#include <algorithm>
#include <cstdio>

namespace gc::text {

namespace {
// fairseq reserves 0..3 for <s>, <pad>, </s>, <unk>; sentencepiece's own pieces shift up by one.
constexpr int64_t kFairseqOffset = 1;
const char *const kSpecials[] = {"<s>", "<pad>", "</s>", "<unk>"};
const char *const kKosmosTags[] = {"</doc>",     "<image>",   "</image>", "</chunk>",  "</line>",
                                   "<phrase>",   "</phrase>", "<object>", "</object>", "</delimiter_of_multi_objects/>",
                                   "<grounding>"};
} // namespace

struct XlmrTokenizer::Impl {
    SpmModel sp;
    AddedTokens added;
    int64_t vocab = 0;
};

XlmrTokenizer::XlmrTokenizer() : d(std::make_unique<Impl>()) {}
XlmrTokenizer::~XlmrTokenizer() = default;
XlmrTokenizer::XlmrTokenizer(XlmrTokenizer &&) noexcept = default;
XlmrTokenizer &XlmrTokenizer::operator=(XlmrTokenizer &&) noexcept = default;

XlmrTokenizer XlmrTokenizer::fromFolder(const io::ModelFolder &folder)
{
    if (folder.sentencepieceModel.empty())
        throw io::MissingFileError(folder.root + ": no sentencepiece.bpe.model (top level or processor/)");
    XlmrTokenizer t;
    t.d->sp.load(folder.sentencepieceModel);
    const int64_t spSize = t.d->sp.size();
    std::vector<AddedToken> added;
    const auto &tc = folder.tokenizerConfig;
    if (tc.is_object() && tc.contains("added_tokens_decoder") && tc["added_tokens_decoder"].is_object()) {
        for (auto it = tc["added_tokens_decoder"].begin(); it != tc["added_tokens_decoder"].end(); ++it) {
            AddedToken a;
            try {
                a.id = std::stoll(it.key());
            } catch (...) {
                throw io::FormatError(folder.tokenizerDir + "/tokenizer_config.json: bad added token id '" +
                                      it.key() + "'");
            }
            a.content = it->value("content", std::string());
            a.lstrip = it->value("lstrip", false);
            a.rstrip = it->value("rstrip", false);
            a.special = it->value("special", false);
            if (!a.content.empty())
                added.push_back(a);
        }
    } else {
        // No decoder table: rebuild the layout Kosmos2Processor creates.
        for (int64_t i = 0; i < 4; ++i)
            added.push_back({kSpecials[i], i, false, false, true});
        added.push_back({"<mask>", spSize + kFairseqOffset, true, false, true});
        int64_t next = spSize + kFairseqOffset + 1;
        for (const char *tag : kKosmosTags)
            added.push_back({tag, next++, true, false, false});
        int64_t patches = 1024;
        if (folder.processorConfig.contains("num_patch_index_tokens"))
            patches = folder.processorConfig["num_patch_index_tokens"].get<int64_t>();
        for (int64_t k = 0; k < patches; ++k) {
            char name[40];
            std::snprintf(name, sizeof name, "<patch_index_%04lld>", static_cast<long long>(k));
            added.push_back({name, next++, true, false, false});
        }
        if (folder.addedTokens.is_object())
            for (auto it = folder.addedTokens.begin(); it != folder.addedTokens.end(); ++it)
                for (auto &a : added)
                    if (a.content == it.key() && it->is_number_integer() && a.id != it->get<int64_t>())
                        throw io::FormatError(folder.tokenizerDir + "/added_tokens.json: '" + it.key() +
                                              "' has id " + std::to_string(it->get<int64_t>()) +
                                              ", expected " + std::to_string(a.id));
    }
    t.d->added.add(added);
    t.d->vocab = std::max(spSize + kFairseqOffset + 1, t.d->added.maxId() + 1);
    return t;
}

std::vector<int64_t> XlmrTokenizer::encode(std::string_view text) const
{
    std::vector<int64_t> ids;
    for (const AddedTokens::Part &part : d->added.split(text)) {
        if (part.token) {
            ids.push_back(part.token->id);
            continue;
        }
        for (int s : d->sp.encode(std::string(part.text)))
            ids.push_back(s == d->sp.unk() ? unkId() : s + kFairseqOffset);
    }
    return ids;
}

std::string XlmrTokenizer::piece(int64_t id) const
{
    if (const AddedToken *a = d->added.byId(id))
        return a->content;
    if (id < 4)
        return kSpecials[id];
    const int64_t spId = id - kFairseqOffset;
    if (spId < 0 || spId >= d->sp.size())
        return "<unk>";
    return metaspaceToSpace(d->sp.piece(static_cast<int>(spId)));
}

std::string XlmrTokenizer::decode(const std::vector<int64_t> &ids, bool skipSpecial) const
{
    std::string out;
    for (int64_t id : ids) {
        const AddedToken *a = d->added.byId(id);
        if (skipSpecial && ((a && a->special) || id < 4))
            continue;
        out += piece(id);
    }
    // Like the reference's Metaspace decoder: only the sequence's first word boundary is dropped.
    if (!out.empty() && out.front() == ' ')
        out.erase(0, 1);
    return out;
}

int64_t XlmrTokenizer::tokenId(const std::string &addedToken) const
{
    const AddedToken *a = d->added.byContent(addedToken);
    return a ? a->id : -1;
}

int64_t XlmrTokenizer::vocabSize() const { return d->vocab; }

} // namespace gc::text
