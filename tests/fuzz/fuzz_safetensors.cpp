// libFuzzer target for the safetensors header reader, also compiled into a plain replay test. The input is the whole
// file, handed over as an in-memory file (the reader maps a path). Bad files must be FormatErrors, nothing else.
#include "io/safetensors.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int fd = memfd_create("fuzz.safetensors", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != ssize_t(size))
        std::abort();
    try {
        const gc::io::SafeTensors st = gc::io::SafeTensors::openFile("/proc/self/fd/" + std::to_string(fd));
        for (const auto &[name, t] : st.tensors())
            if (static_cast<const uint8_t *>(t.data) == nullptr && t.nbytes > 0)
                std::abort();
    } catch (const gc::io::FormatError &) {
    }
    return 0;
}
