// libFuzzer target for the PyTorch .bin reader (engine/io/torch_pickle.*), also compiled into a plain
// replay test. The input is a whole pytorch_model.bin. Besides "no crash, no UB, no read outside the
// input" (every tensor's bytes are read), it checks what the reader promises about each tensor.
#include "io/torch_pickle.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try {
        const gc::io::TorchTensors t = gc::io::readTorchArchive(data, size, "fuzz.bin");
        if (t.tensors.empty())
            fail("a checkpoint without tensors was accepted");
        volatile uint8_t sink = 0;
        for (const auto &[name, v] : t.tensors) {
            const size_t es = gc::io::dtypeSize(v.dtype);
            if (es != 0 && v.nbytes != static_cast<size_t>(v.numel()) * es)
                fail("nbytes does not match shape and dtype");
            if (v.nbytes > size && t.copies.empty())
                fail("a view larger than the file");
            const auto *p = static_cast<const uint8_t *>(v.data);
            for (size_t i = 0; i < v.nbytes; ++i)
                sink = sink ^ p[i];
        }
        (void)sink;
    } catch (const gc::io::FormatError &) {
        // a clear error is the expected answer to most inputs
    }
    return 0;
}
