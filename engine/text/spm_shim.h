#pragma once

// C interface of the sentencepiece shim module (libgc_spm_shim.so). Debian's libsentencepiece embeds
// and exports its own protobuf-lite, which clashes with the libprotobuf that libtorch loads (a crash in
// static initialisers). The shim is therefore dlopen'ed with RTLD_LOCAL | RTLD_DEEPBIND, so each
// library keeps its own protobuf; nothing else links libsentencepiece.

#include <cstddef>

extern "C" {
// dummyPrefix: 1 or 0 overrides the model's normalizer_spec.add_dummy_prefix (transformers' LLaMA tokenizer
// with legacy=False loads the model with it off); -1 keeps what the model says.
typedef void *(*gc_spm_create_fn)(const char *modelPath, int dummyPrefix, char *error, size_t errorCap);
typedef void (*gc_spm_destroy_fn)(void *handle);
typedef int (*gc_spm_piece_size_fn)(void *handle);
typedef int (*gc_spm_unk_id_fn)(void *handle);
// Writes up to `cap` ids; returns how many the text needs (call again with a bigger buffer if > cap),
// or -1 on error.
typedef int (*gc_spm_encode_fn)(void *handle, const char *text, size_t len, int *out, int cap);
// Writes the piece (not NUL-terminated) and returns its byte length, or -1 for a bad id.
typedef int (*gc_spm_id_to_piece_fn)(void *handle, int id, char *out, int cap);
}
