#include "args.h"
#include "cli_models.h"

#include "demo/model_location.h"
#include "io/image_loader.h"
#include "quant/weight_format.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace gc::cli {

Args::Args(const std::vector<std::string> &argv, const std::vector<std::string> &valueOptions,
           const std::vector<std::string> &flags)
{
    const auto contains = [](const std::vector<std::string> &v, const std::string &s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0)
            throw UsageError("unexpected argument '" + arg + "'");
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const size_t eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (contains(flags, name)) {
            if (inlineValue)
                throw UsageError("--" + name + " takes no value");
            m_ordered.emplace_back(name, std::string());
        } else if (contains(valueOptions, name)) {
            if (inlineValue) {
                m_ordered.emplace_back(name, *inlineValue);
            } else {
                if (i + 1 >= argv.size())
                    throw UsageError("--" + name + " needs a value");
                m_ordered.emplace_back(name, argv[++i]);
            }
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
}

bool Args::has(const std::string &name) const
{
    return std::any_of(m_ordered.begin(), m_ordered.end(), [&](const auto &p) { return p.first == name; });
}

std::optional<std::string> Args::value(const std::string &name) const
{
    std::optional<std::string> v;
    for (const auto &[k, val] : m_ordered)
        if (k == name)
            v = val;
    return v;
}

std::string Args::required(const std::string &name) const
{
    const auto v = value(name);
    if (!v)
        throw UsageError("--" + name + " is required");
    return *v;
}

std::vector<std::string> Args::values(const std::string &name) const
{
    std::vector<std::string> out;
    for (const auto &[k, val] : m_ordered)
        if (k == name)
            out.push_back(val);
    return out;
}

SizeI parseSize(const std::string &option, const std::string &text)
{
    const size_t x = text.find_first_of("xX");
    if (x == std::string::npos)
        throw UsageError("--" + option + " must look like WIDTHxHEIGHT, got '" + text + "'");
    const long long w = parseInteger(option, text.substr(0, x), 1, 1000000);
    const long long h = parseInteger(option, text.substr(x + 1), 1, 1000000);
    return {int(w), int(h)};
}

long long parseInteger(const std::string &option, const std::string &text, long long lo, long long hi)
{
    errno = 0;
    char *end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || v < lo || v > hi)
        throw UsageError("--" + option + ": '" + text + "' is not an integer in [" + std::to_string(lo) + ", " +
                         std::to_string(hi) + "]");
    return v;
}

double parseReal(const std::string &option, const std::string &text, double lo, double hi)
{
    char *end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
        throw UsageError("--" + option + ": '" + text + "' is not a number in [" + std::to_string(lo) + ", " +
                         std::to_string(hi) + "]");
    return v;
}

std::vector<double> parseNumbers(const std::string &option, const std::string &text, size_t count, size_t maxCount)
{
    std::vector<double> out;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = text.find(',', start);
        const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        char *end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (part.empty() || *end != '\0' || !std::isfinite(v))
            throw UsageError("--" + option + ": '" + text + "' is not a comma-separated list of numbers");
        out.push_back(v);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    const size_t hi = std::max(count, maxCount);
    if (out.size() < count || out.size() > hi)
        throw UsageError("--" + option + " takes " + std::to_string(count) +
                         (hi > count ? "-" + std::to_string(hi) : std::string()) + " numbers, got '" + text + "'");
    return out;
}

long long maxPixelsOption(const Args &args)
{
    const std::optional<std::string> v = args.value("max-pixels");
    return v ? parseInteger("max-pixels", *v, 1, 1000000000000LL) : io::kDefaultMaxImagePixels;
}

std::string modelFolderOption(const Args &args)
{
    std::string dir = cachedModelFolder(args.value("model").value_or(std::string()));
    if (dir.empty())
        dir = demo::modelDir();
    if (dir.empty())
        throw UsageError("--model is required (the built-in demo model was not found)");
    return dir;
}

std::string weightsOption(const Args &args)
{
    const std::string v = args.value("weights").value_or("f32");
    if (!quant::parseWeightFormat(v))
        throw UsageError("--weights must be f32, bf16, f16, q8 or q4 (got '" + v + "')");
    return v;
}

} // namespace gc::cli
