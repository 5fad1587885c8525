// The only translation unit that touches libsentencepiece; built as a module (see spm_shim.h for why).

#include "text/spm_shim.h"

#include <sentencepiece_processor.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#define GC_SPM_EXPORT extern "C" __attribute__((visibility("default")))

using sentencepiece::SentencePieceProcessor;

namespace {

// Protocol-buffer wire format, just enough to rewrite one field: Debian ships no sentencepiece_model.pb.h.
bool readVarint(const std::string &s, size_t &pos, uint64_t &v)
{
    v = 0;
    for (int shift = 0; pos < s.size() && shift < 64; shift += 7) {
        const auto b = static_cast<uint8_t>(s[pos++]);
        v |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

void writeVarint(std::string &out, uint64_t v)
{
    do {
        const auto b = static_cast<uint8_t>(v & 0x7f);
        v >>= 7;
        out.push_back(static_cast<char>(v ? b | 0x80 : b));
    } while (v);
}

// Splits a message into its fields as [key, payload) byte ranges; false on malformed input.
struct Field {
    uint64_t number;
    size_t begin, payload, end; // key start, payload start (after a length prefix), end
};
bool fields(const std::string &s, std::vector<Field> &out)
{
    size_t pos = 0;
    while (pos < s.size()) {
        Field f{};
        f.begin = pos;
        uint64_t key = 0, v = 0;
        if (!readVarint(s, pos, key))
            return false;
        f.number = key >> 3;
        switch (key & 7) {
        case 0: if (!readVarint(s, pos, v)) return false; break;
        case 1: pos += 8; break;
        case 5: pos += 4; break;
        case 2:
            if (!readVarint(s, pos, v) || v > s.size() - pos)
                return false;
            f.payload = pos;
            pos += v;
            break;
        default: return false;
        }
        if (pos > s.size())
            return false;
        f.end = pos;
        out.push_back(f);
    }
    return true;
}

// ModelProto field 3 is normalizer_spec; NormalizerSpec field 3 is add_dummy_prefix (bool).
bool withDummyPrefix(std::string &model, bool on)
{
    std::vector<Field> top;
    if (!fields(model, top))
        return false;
    std::string out;
    bool done = false;
    for (const Field &f : top) {
        if (f.number != 3 || done) {
            out.append(model, f.begin, f.end - f.begin);
            continue;
        }
        const std::string spec = model.substr(f.payload, f.end - f.payload);
        std::vector<Field> inner;
        if (!fields(spec, inner))
            return false;
        std::string rewritten;
        for (const Field &g : inner)
            if (g.number != 3)
                rewritten.append(spec, g.begin, g.end - g.begin);
        rewritten.push_back(static_cast<char>(3 << 3));
        rewritten.push_back(static_cast<char>(on ? 1 : 0));
        out.push_back(static_cast<char>(3 << 3 | 2));
        writeVarint(out, rewritten.size());
        out += rewritten;
        done = true;
    }
    model = std::move(out);
    return done;
}

void setError(char *error, size_t errorCap, const std::string &text)
{
    if (error && errorCap > 0) {
        std::strncpy(error, text.c_str(), errorCap - 1);
        error[errorCap - 1] = '\0';
    }
}

} // namespace

GC_SPM_EXPORT void *gc_spm_create(const char *modelPath, int dummyPrefix, char *error, size_t errorCap)
{
    auto sp = std::make_unique<SentencePieceProcessor>();
    std::ifstream in(modelPath, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string model = bytes.str();
    if (!in.is_open()) {
        setError(error, errorCap, "cannot read the file");
        return nullptr;
    }
    if (dummyPrefix >= 0 && !withDummyPrefix(model, dummyPrefix == 1)) {
        setError(error, errorCap, "not a sentencepiece model (no normalizer spec)");
        return nullptr;
    }
    const auto status = sp->LoadFromSerializedProto(model);
    if (!status.ok()) {
        setError(error, errorCap, status.ToString());
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
