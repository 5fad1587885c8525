#include "text/xlmr_tokenizer.h"

#include "io/safetensors.h"

#include "text/spm_shim.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <mutex>

namespace gc::text {

namespace {
// fairseq reserves 0..3 for <s>, <pad>, </s>, <unk>; sentencepiece's own pieces shift up by one.
constexpr int64_t kFairseqOffset = 1;
const char *const kSpecials[] = {"<s>", "<pad>", "</s>", "<unk>"};
const char *const kKosmosTags[] = {"</doc>",     "<image>",   "</image>", "</chunk>",  "</line>",
                                   "<phrase>",   "</phrase>", "<object>", "</object>", "</delimiter_of_multi_objects/>",
                                   "<grounding>"};
} // namespace

// The dlopen'ed shim's entry points; loaded once per process.
struct SpmApi {
    gc_spm_create_fn create = nullptr;
    gc_spm_destroy_fn destroy = nullptr;
    gc_spm_piece_size_fn pieceSize = nullptr;
    gc_spm_unk_id_fn unkId = nullptr;
    gc_spm_encode_fn encode = nullptr;
    gc_spm_id_to_piece_fn idToPiece = nullptr;
    std::string error;
};

std::vector<std::string> shimCandidates()
{
    std::vector<std::string> c;
    if (const char *env = std::getenv("GC_SPM_SHIM"))
        c.emplace_back(env);
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        c.push_back((exe.parent_path() / "libgc_spm_shim.so").string());
        c.push_back((exe.parent_path().parent_path() / "lib" / "groundchat" / "libgc_spm_shim.so").string());
    }
#ifdef GC_SPM_SHIM_BUILD_PATH
    c.emplace_back(GC_SPM_SHIM_BUILD_PATH);
#endif
#ifdef GC_SPM_SHIM_INSTALL_PATH
    c.emplace_back(GC_SPM_SHIM_INSTALL_PATH);
#endif
    return c;
}

const SpmApi &spmApi()
{
    static SpmApi api;
    static std::once_flag once;
    std::call_once(once, [] {
        void *h = nullptr;
        for (const std::string &path : shimCandidates()) {
            if (!std::filesystem::exists(path))
                continue;
            h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
            if (h)
                break;
            api.error = ::dlerror();
        }
        if (!h) {
            if (api.error.empty())
                api.error = "libgc_spm_shim.so not found (set GC_SPM_SHIM to its path)";
            return;
        }
        api.create = reinterpret_cast<gc_spm_create_fn>(::dlsym(h, "gc_spm_create"));
        api.destroy = reinterpret_cast<gc_spm_destroy_fn>(::dlsym(h, "gc_spm_destroy"));
        api.pieceSize = reinterpret_cast<gc_spm_piece_size_fn>(::dlsym(h, "gc_spm_piece_size"));
        api.unkId = reinterpret_cast<gc_spm_unk_id_fn>(::dlsym(h, "gc_spm_unk_id"));
        api.encode = reinterpret_cast<gc_spm_encode_fn>(::dlsym(h, "gc_spm_encode"));
        api.idToPiece = reinterpret_cast<gc_spm_id_to_piece_fn>(::dlsym(h, "gc_spm_id_to_piece"));
        if (!api.create || !api.destroy || !api.pieceSize || !api.unkId || !api.encode || !api.idToPiece) {
            api.create = nullptr;
            api.error = "libgc_spm_shim.so lacks its entry points";
        }
    });
    return api;
}

// Owns one sentencepiece processor inside the shim.
class Spm {
public:
    Spm() = default;
    Spm(const Spm &) = delete;
    Spm &operator=(const Spm &) = delete;
    ~Spm()
    {
        if (m_h)
            spmApi().destroy(m_h);
    }
    void load(const std::string &path)
    {
        const SpmApi &api = spmApi();
        if (!api.create)
            throw io::FormatError("sentencepiece unavailable: " + api.error);
        char err[512] = {0};
        m_h = api.create(path.c_str(), err, sizeof err);
        if (!m_h)
            throw io::FormatError(path + ": cannot load sentencepiece model (" + err + ")");
        m_size = api.pieceSize(m_h);
        m_unk = api.unkId(m_h);
    }
    int size() const { return m_size; }
    int unk() const { return m_unk; }
    std::vector<int> encode(const std::string &text) const
    {
        std::vector<int> ids(text.size() + 8);
        int n = spmApi().encode(m_h, text.data(), text.size(), ids.data(), static_cast<int>(ids.size()));
        if (n > static_cast<int>(ids.size())) {
            ids.resize(static_cast<size_t>(n));
            n = spmApi().encode(m_h, text.data(), text.size(), ids.data(), n);
        }
        ids.resize(static_cast<size_t>(std::max(n, 0)));
        return ids;
    }
    std::string piece(int id) const
    {
        char buf[256];
        const int n = spmApi().idToPiece(m_h, id, buf, sizeof buf);
        return n < 0 ? std::string() : std::string(buf, static_cast<size_t>(std::min<int>(n, sizeof buf)));
    }

private:
    void *m_h = nullptr;
    int m_size = 0, m_unk = 0;
};

struct XlmrTokenizer::Impl {
    Spm sp;
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
    std::string p = d->sp.piece(static_cast<int>(spId));
    std::string out;
    // U+2581 (the sentencepiece word boundary) is E2 96 81 in UTF-8.
    for (size_t k = 0; k < p.size(); ++k) {
        if (k + 2 < p.size() && static_cast<unsigned char>(p[k]) == 0xE2 &&
            static_cast<unsigned char>(p[k + 1]) == 0x96 && static_cast<unsigned char>(p[k + 2]) == 0x81) {
            out.push_back(' ');
            k += 2;
        } else {
            out.push_back(p[k]);
        }
    }
    return out;
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
