#include "codec_output.h"

#include <iostream>

#include <unistd.h>

namespace gc::cli {

namespace {

void flushStderr()
{
    std::cerr.flush();
    std::fflush(stderr);
}

} // namespace

CodecOutput::CodecOutput()
{
    flushStderr();
    m_file = std::tmpfile();
    if (!m_file)
        return; // nowhere to hold the output: it goes to stderr as before
    m_saved = ::dup(2);
    if (m_saved >= 0 && ::dup2(::fileno(m_file), 2) < 0) {
        ::close(m_saved);
        m_saved = -1;
    }
}

CodecOutput::~CodecOutput()
{
    if (m_saved >= 0) {
        flushStderr();
        ::dup2(m_saved, 2);
        ::close(m_saved);
    }
    if (m_file)
        std::fclose(m_file);
}

std::string CodecOutput::firstLine() const
{
    if (m_saved < 0)
        return {};
    flushStderr();
    char buf[1024];
    // pread: fd 2 and m_file share one file offset, which the codecs' writes have moved to the end
    const ssize_t n = ::pread(::fileno(m_file), buf, sizeof buf, 0);
    if (n <= 0)
        return {};
    std::string line(buf, static_cast<size_t>(n));
    line = line.substr(0, line.find('\n'));
    // OpenCV's "imread_('f'): can't read data: OpenCV(4.6.0) path:line: error: (-2:Unspecified error) WHAT in
    // function 'g'": only WHAT speaks to the user
    if (const size_t at = line.find("error: ("); at != std::string::npos) {
        const size_t what = line.find(") ", at);
        if (what != std::string::npos)
            line = line.substr(what + 2, line.find(" in function", what) - what - 2);
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
    return line;
}

std::string withCodecDetail(const std::string &message, const std::string &codecLine)
{
    return codecLine.empty() ? message : message + " [" + codecLine + "]";
}

} // namespace gc::cli
