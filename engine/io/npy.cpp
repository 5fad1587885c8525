#include "io/npy.h"

#include "io/safetensors.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace gc::io {

int64_t NpyArray::numel() const
{
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;
    return n;
}

namespace {

std::string dictValue(const std::string &header, const std::string &key)
{
    const size_t k = header.find("'" + key + "'");
    if (k == std::string::npos)
        return {};
    size_t p = header.find(':', k);
    if (p == std::string::npos)
        return {};
    ++p;
    while (p < header.size() && header[p] == ' ')
        ++p;
    if (p < header.size() && header[p] == '(') {
        const size_t e = header.find(')', p);
        return e == std::string::npos ? std::string() : header.substr(p, e - p + 1);
    }
    size_t e = p;
    while (e < header.size() && header[e] != ',' && header[e] != '}')
        ++e;
    return header.substr(p, e - p);
}

template <typename T>
void writeImpl(const std::string &path, const std::vector<int64_t> &shape, const T *data, const char *descr)
{
    std::ostringstream dict;
    dict << "{'descr': '" << descr << "', 'fortran_order': False, 'shape': (";
    int64_t n = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
        dict << shape[i] << (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
        if (i + 1 < shape.size())
            dict << " ";
        n *= shape[i];
    }
    dict << "), }";
    std::string h = dict.str();
    // magic(6) + version(2) + len(2) + header + '\n' must be a multiple of 64.
    const size_t total = 10 + h.size() + 1;
    h.append((64 - total % 64) % 64, ' ');
    h.push_back('\n');
    std::ofstream out(path, std::ios::binary);
    if (!out)
        throw FormatError(path + ": cannot write");
    out.write("\x93NUMPY\x01\x00", 8);
    const uint16_t len = static_cast<uint16_t>(h.size());
    out.write(reinterpret_cast<const char *>(&len), 2);
    out.write(h.data(), static_cast<std::streamsize>(h.size()));
    out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(n * sizeof(T)));
    if (!out)
        throw FormatError(path + ": write failed");
}

} // namespace

NpyArray readNpy(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FormatError(path + ": cannot open");
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        throw FormatError(path + ": not a .npy file");
    uint32_t hlen = 0;
    if (magic[6] == 1) {
        uint16_t l = 0;
        in.read(reinterpret_cast<char *>(&l), 2);
        hlen = l;
    } else {
        in.read(reinterpret_cast<char *>(&hlen), 4);
    }
    std::string header(hlen, '\0');
    if (!in.read(header.data(), hlen))
        throw FormatError(path + ": truncated header");
    NpyArray a;
    const std::string descr = dictValue(header, "descr");
    if (descr.find("<f4") != std::string::npos)
        a.isFloat = true;
    else if (descr.find("<i8") != std::string::npos)
        a.isFloat = false;
    else
        throw FormatError(path + ": unsupported dtype " + descr + " (only <f4 and <i8)");
    if (dictValue(header, "fortran_order").find("True") != std::string::npos)
        throw FormatError(path + ": Fortran order is not supported");
    const std::string shape = dictValue(header, "shape");
    std::string num;
    for (char c : shape) {
        if (c >= '0' && c <= '9') {
            num.push_back(c);
        } else if (!num.empty()) {
            a.shape.push_back(std::stoll(num));
            num.clear();
        }
    }
    const int64_t n = a.numel();
    if (a.isFloat) {
        a.f32.resize(static_cast<size_t>(n));
        in.read(reinterpret_cast<char *>(a.f32.data()), n * 4);
    } else {
        a.i64.resize(static_cast<size_t>(n));
        in.read(reinterpret_cast<char *>(a.i64.data()), n * 8);
    }
    if (!in)
        throw FormatError(path + ": truncated data");
    return a;
}

void writeNpy(const std::string &path, const std::vector<int64_t> &shape, const float *data)
{
    writeImpl(path, shape, data, "<f4");
}

void writeNpy(const std::string &path, const std::vector<int64_t> &shape, const int64_t *data)
{
    writeImpl(path, shape, data, "<i8");
}

} // namespace gc::io
