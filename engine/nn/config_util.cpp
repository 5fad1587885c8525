#include "nn/config_util.h"

#include <algorithm>
#include <sstream>

namespace gc::nn {

int64_t configInteger(const nlohmann::json &j, const char *key, int64_t def, int64_t lo, int64_t hi,
                      const std::string &where, const char *section)
{
    if (!j.contains(key) || j[key].is_null())
        return def;
    const std::string name = std::string(section) + key;
    if (!j[key].is_number_integer())
        throw io::FormatError(where + ": '" + name + "' is " + j[key].dump() + ", not an integer");
    const int64_t v = j[key].is_number_unsigned() && j[key].get<uint64_t>() > uint64_t(hi) ? hi + 1 : j[key].get<int64_t>();
    if (v < lo || v > hi)
        throw io::FormatError(where + ": '" + name + "' is " + j[key].dump() + ", outside " + std::to_string(lo) +
                              ".." + std::to_string(hi));
    return v;
}

std::vector<int64_t> configIntegerList(const nlohmann::json &j, const char *key, const std::vector<int64_t> &def,
                                       size_t count, size_t maxCount, int64_t lo, int64_t hi, const std::string &where,
                                       const char *section)
{
    if (!j.contains(key) || j[key].is_null())
        return def;
    const std::string name = std::string(section) + key;
    const nlohmann::json &a = j[key];
    if (!a.is_array() || a.empty() || a.size() > maxCount || (count && a.size() != count))
        throw io::FormatError(where + ": '" + name + "' is not a list of " +
                              (count ? std::to_string(count) : "1.." + std::to_string(maxCount)) + " integers");
    std::vector<int64_t> out;
    for (size_t i = 0; i < a.size(); ++i) {
        // the element as a one-key object, so that its message reads "<section><key>[i]"
        const nlohmann::json item{{"", a[i]}};
        out.push_back(configInteger(item, "", 0, lo, hi, where, (name + "[" + std::to_string(i) + "]").c_str()));
    }
    return out;
}

void expectLinear(std::vector<ExpectedTensor> &out, const std::string &name, int64_t outDim, int64_t inDim)
{
    out.push_back({name + ".weight", {outDim, inDim}});
    out.push_back({name + ".bias", {outDim}});
}

void expectNorm(std::vector<ExpectedTensor> &out, const std::string &name, int64_t dim)
{
    out.push_back({name + ".weight", {dim}});
    out.push_back({name + ".bias", {dim}});
}

void checkTensor(const io::SafeTensors &w, const ExpectedTensor &e)
{
    const io::TensorView *t = w.find(e.name);
    if (!t)
        throw io::FormatError("checkpoint: missing tensor '" + e.name + "' (expected shape " + shapeText(e.shape) + ")");
    if (t->shape != e.shape)
        throw io::FormatError("checkpoint: tensor '" + e.name + "' has shape " + shapeText(t->shape) +
                              " but config.json implies " + shapeText(e.shape) + " (in " + t->file + ")");
    if (t->dtype != io::DType::F32 && t->dtype != io::DType::F16 && t->dtype != io::DType::BF16)
        throw io::FormatError("checkpoint: tensor '" + e.name + "' has dtype " + t->dtypeText +
                              "; only F32, F16 and BF16 are supported");
}

int64_t storedLayers(const io::SafeTensors &w, const std::string &prefix)
{
    int64_t n = 0;
    for (const auto &[name, t] : w.tensors()) {
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const size_t dot = name.find('.', prefix.size());
        const std::string index = name.substr(prefix.size(), dot - prefix.size());
        if (!index.empty() && index.size() < 10 && index.find_first_not_of("0123456789") == std::string::npos)
            n = std::max<int64_t>(n, std::stoll(index) + 1);
    }
    return n;
}

std::string shapeText(const std::vector<int64_t> &s)
{
    std::ostringstream o;
    o << "[";
    for (size_t i = 0; i < s.size(); ++i)
        o << (i ? ", " : "") << s[i];
    o << "]";
    return o.str();
}

} // namespace gc::nn
