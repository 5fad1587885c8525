// libFuzzer target for the session file reader (annotate/session_format), also compiled into a plain replay test.
// Besides "no crash, no UB": a session that reads is written again into one that reads.
#include "annotate/session_format.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const gc::annot::ImportResult in =
        gc::annot::readSession(std::string(reinterpret_cast<const char *>(data), size), "fuzz.gcsession");
    if (!in.ok)
        return 0;
    const gc::annot::ImportResult back = gc::annot::readSession(gc::annot::writeSession(in.dataset), "again");
    if (!back.ok) {
        std::fprintf(stderr, "invariant broken: the written session does not read: %s\n", back.error.describe().c_str());
        std::abort();
    }
    return 0;
}
