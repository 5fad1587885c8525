#include "io/mapped_file.h"

#include "io/safetensors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gc::io {

MappedFile::MappedFile(const std::string &path) : m_path(path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        const std::string why = path + ": cannot open (" + std::strerror(err) + ")";
        if (err == ENOENT)
            throw MissingFileError(why);
        throw FormatError(why);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw FormatError(path + ": cannot stat");
    }
    m_size = static_cast<size_t>(st.st_size);
    if (m_size > 0) {
        void *p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            ::close(fd);
            throw FormatError(path + ": mmap failed (" + std::strerror(errno) + ")");
        }
        m_data = static_cast<const uint8_t *>(p);
    }
    ::close(fd);
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(const_cast<uint8_t *>(m_data), m_size);
}

} // namespace gc::io
