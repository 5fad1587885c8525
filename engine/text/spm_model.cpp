#include "text/spm_model.h"

#include "io/safetensors.h"
#include "text/spm_shim.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace gc::text {

namespace {

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

} // namespace

SpmModel::~SpmModel()
{
    if (m_h)
        spmApi().destroy(m_h);
}

void SpmModel::load(const std::string &path, int dummyPrefix)
{
    const SpmApi &api = spmApi();
    if (!api.create)
        throw io::FormatError("sentencepiece unavailable: " + api.error);
    char err[512] = {0};
    m_h = api.create(path.c_str(), dummyPrefix, err, sizeof err);
    if (!m_h)
        throw io::FormatError(path + ": cannot load sentencepiece model (" + err + ")");
    m_size = api.pieceSize(m_h);
    m_unk = api.unkId(m_h);
}

std::vector<int> SpmModel::encode(const std::string &text) const
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

std::string SpmModel::piece(int id) const
{
    char buf[256];
    const int n = spmApi().idToPiece(m_h, id, buf, sizeof buf);
    return n < 0 ? std::string() : std::string(buf, static_cast<size_t>(std::min<int>(n, sizeof buf)));
}

std::string metaspaceToSpace(const std::string &p)
{
    std::string out;
    // U+2581 is E2 96 81 in UTF-8.
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

} // namespace gc::text
