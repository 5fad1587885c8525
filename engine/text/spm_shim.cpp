// The only translation unit that touches libsentencepiece; built as a module (see spm_shim.h for why).

#include "text/spm_shim.h"

#include <sentencepiece_processor.h>

#include <cstring>
#include <memory>
#include <vector>

#define GC_SPM_EXPORT extern "C" __attribute__((visibility("default")))

using sentencepiece::SentencePieceProcessor;

GC_SPM_EXPORT void *gc_spm_create(const char *modelPath, char *error, size_t errorCap)
{
    auto sp = std::make_unique<SentencePieceProcessor>();
    const auto status = sp->Load(modelPath);
    if (!status.ok()) {
        if (error && errorCap > 0) {
            std::strncpy(error, status.ToString().c_str(), errorCap - 1);
            error[errorCap - 1] = '\0';
        }
        return nullptr;
    }
    return sp.release();
}

GC_SPM_EXPORT void gc_spm_destroy(void *h) { delete static_cast<SentencePieceProcessor *>(h); }

GC_SPM_EXPORT int gc_spm_piece_size(void *h) { return static_cast<SentencePieceProcessor *>(h)->GetPieceSize(); }

GC_SPM_EXPORT int gc_spm_unk_id(void *h) { return static_cast<SentencePieceProcessor *>(h)->unk_id(); }

GC_SPM_EXPORT int gc_spm_encode(void *h, const char *text, size_t len, int *out, int cap)
{
    std::vector<int> ids;
    if (!static_cast<SentencePieceProcessor *>(h)->Encode(std::string(text, len), &ids).ok())
        return -1;
    for (size_t i = 0; i < ids.size() && static_cast<int>(i) < cap; ++i)
        out[i] = ids[i];
    return static_cast<int>(ids.size());
}

GC_SPM_EXPORT int gc_spm_id_to_piece(void *h, int id, char *out, int cap)
{
    auto *sp = static_cast<SentencePieceProcessor *>(h);
    if (id < 0 || id >= sp->GetPieceSize())
        return -1;
    const std::string p = sp->IdToPiece(id);
    std::memcpy(out, p.data(), std::min<size_t>(p.size(), static_cast<size_t>(cap)));
    return static_cast<int>(p.size());
}
