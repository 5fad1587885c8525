// libFuzzer target for the PyTorch .bin reader (engine/io/torch_pickle.*), also compiled into a plain
// replay test. Each input is read twice: as a whole pytorch_model.bin, and as its data.pkl alone with
// two fixed storages, so that mutations reach the unpickler without first having to keep a zip whole.
// Besides "no crash, no UB, no read outside the
// input" (every tensor's bytes are read), it checks what the reader promises about each tensor.
#include "io/torch_pickle.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

void check(const gc::io::TorchTensors &t, size_t viewable)
{
    if (t.tensors.empty())
        fail("a checkpoint without tensors was accepted");
    volatile uint8_t sink = 0;
    for (const auto &[name, v] : t.tensors) {
        const size_t es = gc::io::dtypeSize(v.dtype);
        if (es != 0 && v.nbytes != static_cast<size_t>(v.numel()) * es)
            fail("nbytes does not match shape and dtype");
        if (v.nbytes > viewable && t.copies.empty())
            fail("a view larger than its storage");
        const auto *p = static_cast<const uint8_t *>(v.data);
        for (size_t i = 0; i < v.nbytes; ++i)
            sink = sink ^ p[i];
    }
    (void)sink;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // a clear error is the expected answer to most inputs
    try {
        check(gc::io::readTorchArchive(data, size, "fuzz.bin"), size);
    } catch (const gc::io::FormatError &) {
    }
    alignas(64) static uint8_t storage[4096];
    const std::map<std::string, gc::io::ZipEntry> storages = {{"0", {storage, sizeof storage}}, {"1", {storage, 48}}};
    try {
        check(gc::io::readStateDictPickle(data, size, storages, "fuzz.bin"), sizeof storage);
    } catch (const gc::io::FormatError &) {
    }
    return 0;
}
