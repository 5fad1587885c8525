#include "atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace gc::annot {

namespace {

bool writeAll(int fd, const std::string &data)
{
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        done += size_t(n);
    }
    return true;
}

std::string tempName(const std::string &path) { return path + ".tmp-" + std::to_string(::getpid()); }

bool writeTemp(const std::string &path, const std::string &contents, std::string *error)
{
    const std::string tmp = tempName(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        *error = path + ": cannot be written (" + std::strerror(errno) + ")";
        return false;
    }
    const bool ok = writeAll(fd, contents) && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        *error = path + ": write failed (" + std::strerror(savedErrno) + ")";
    }
    return ok;
}

} // namespace

bool writeFilesAtomic(const std::vector<std::pair<std::string, std::string>> &files, std::string *error)
{
    size_t written = 0;
    for (; written < files.size(); ++written)
        if (!writeTemp(files[written].first, files[written].second, error))
            break;
    if (written < files.size()) {
        for (size_t i = 0; i < written; ++i)
            ::unlink(tempName(files[i].first).c_str());
        return false;
    }
    for (const auto &f : files)
        if (std::rename(tempName(f.first).c_str(), f.first.c_str()) != 0) {
            *error = f.first + ": cannot be replaced (" + std::strerror(errno) + ")";
            return false;
        }
    return true;
}

bool writeFileAtomic(const std::string &path, const std::string &contents, std::string *error)
{
    return writeFilesAtomic({{path, contents}}, error);
}

bool appendLineDurable(const std::string &path, const std::string &line, std::string *error)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        *error = path + ": cannot be opened (" + std::strerror(errno) + ")";
        return false;
    }
    // one write() per line: O_APPEND keeps concurrent appenders from interleaving within a line
    const bool ok = writeAll(fd, line + "\n") && ::fdatasync(fd) == 0;
    if (!ok)
        *error = path + ": append failed (" + std::strerror(errno) + ")";
    ::close(fd);
    return ok;
}

} // namespace gc::annot
