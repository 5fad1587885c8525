#pragma once

#include "core/geometry.h"

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gc::cli {

// Thrown for a malformed command line; main() turns it into exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// Thrown for bad input data (unreadable image, malformed numbers in a region); exit code 3.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "--name value" options (repeatable) and "--flag" switches, in order.
class Args {
public:
    // `flags` lists the options that take no value.
    Args(const std::vector<std::string> &argv, const std::vector<std::string> &valueOptions,
         const std::vector<std::string> &flags);

    [[nodiscard]] bool has(const std::string &name) const;
    [[nodiscard]] std::optional<std::string> value(const std::string &name) const;
    [[nodiscard]] std::string required(const std::string &name) const;
    [[nodiscard]] std::vector<std::string> values(const std::string &name) const;
    // Options in command-line order, for options whose relative order matters (--box/--point).
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>> &ordered() const { return m_ordered; }

private:
    std::vector<std::pair<std::string, std::string>> m_ordered;
};

[[nodiscard]] SizeI parseSize(const std::string &option, const std::string &text);
// Comma-separated numbers; exactly `count` of them (or count..maxCount when maxCount > count).
[[nodiscard]] std::vector<double> parseNumbers(const std::string &option, const std::string &text, size_t count,
                                               size_t maxCount = 0);
[[nodiscard]] long long parseInteger(const std::string &option, const std::string &text, long long lo, long long hi);
[[nodiscard]] double parseReal(const std::string &option, const std::string &text, double lo, double hi);
// --max-pixels N: the most pixels an image may have to be decoded (default: the loader's cap).
[[nodiscard]] long long maxPixelsOption(const Args &args);
// --model DIR (or a repo id pulled into the Hugging Face cache), else the built-in demo model (it knows only synthetic scenes of coloured shapes); UsageError when
// neither is there.
[[nodiscard]] std::string modelFolderOption(const Args &args);
// --weights f32|bf16|f16|q8|q4: how a local model holds its matrices (default f32, as stored).
[[nodiscard]] std::string weightsOption(const Args &args);

} // namespace gc::cli
