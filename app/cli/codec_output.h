#pragma once

// Image codecs (libpng, libjpeg, OpenCV's own readers, Qt's image plugins) print their complaints about
// a damaged file straight to stderr, beside the CLI's one error line. While a decode runs, stderr is
// held back in a temporary file; the codec's first line goes into the error message instead.
//
// fd 2 is process-wide: anything another thread prints meanwhile is held back too. The CLI decodes on
// its main thread while no other thread of its own writes to stderr (the model's worker threads are
// idle, no remote request is under way), and the GUI, whose threads log, never uses this.

#include "args.h"
#include "io/safetensors.h"

#include <cstdio>
#include <string>

namespace gc::cli {

class CodecOutput {
public:
    CodecOutput();
    ~CodecOutput();
    CodecOutput(const CodecOutput &) = delete;
    CodecOutput &operator=(const CodecOutput &) = delete;
    // The first thing a codec said, without OpenCV's source location; empty when none spoke.
    [[nodiscard]] std::string firstLine() const;

private:
    std::FILE *m_file = nullptr;
    int m_saved = -1;
};

// `message`, with the codec's own words when it printed any.
[[nodiscard]] std::string withCodecDetail(const std::string &message, const std::string &codecLine);

// Runs `decode` with the codecs' output held back; its FormatError becomes the command's InputError.
template <class Decode>
auto decodeQuietly(Decode &&decode) -> decltype(decode())
{
    const CodecOutput codec;
    try {
        return decode();
    } catch (const io::FormatError &e) {
        throw InputError(withCodecDetail(e.what(), codec.firstLine()));
    }
}

} // namespace gc::cli
