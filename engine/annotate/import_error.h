#pragma once

// How importers report a malformed file: which file, which line (JSONL and parse errors), which field.
// Importers parse into a fresh Dataset and return it only when the whole input was read, so a failure
// never leaves a half-applied result behind.

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace gc::annot {

struct ImportError {
    std::string file;
    size_t line = 0;   // 1-based; 0 when not known (a field of a single JSON document)
    std::string field; // JSON path: "annotations[3].bbox"
    std::string message;
    // "coco.json: line 4: annotations[3].bbox: expected 4 numbers"
    [[nodiscard]] std::string describe() const;
};

// Thrown inside importers and caught at their boundary (importDataset), never across the public API.
struct ImportFailure : std::runtime_error {
    explicit ImportFailure(ImportError e) : std::runtime_error(e.describe()), error(std::move(e)) {}
    ImportError error;
};

// A JSON value and where it came from, so every accessor can name the field it rejects.
class Node {
public:
    Node(const nlohmann::json &value, std::string path, std::string file, size_t line)
        : m_value(&value), m_path(std::move(path)), m_file(std::move(file)), m_line(line) {}

    [[nodiscard]] const nlohmann::json &json() const { return *m_value; }
    [[nodiscard]] const std::string &path() const { return m_path; }
    [[nodiscard]] bool has(const char *key) const { return m_value->is_object() && m_value->contains(key); }
    [[nodiscard]] Node at(const char *key) const;                  // required member
    [[nodiscard]] std::optional<Node> opt(const char *key) const;  // absent or null -> nullopt
    [[nodiscard]] Node at(size_t index) const;
    [[nodiscard]] Node at(int index) const { return at(static_cast<size_t>(index)); } // literal 0 is not a key
    [[nodiscard]] size_t size() const; // requires an array
    [[nodiscard]] std::string str() const;
    [[nodiscard]] double num() const; // finite numbers only
    [[nodiscard]] long long integer() const;
    [[nodiscard]] bool boolean() const;
    void requireObject() const;
    [[noreturn]] void fail(const std::string &message) const;

private:
    const nlohmann::json *m_value;
    std::string m_path;
    std::string m_file;
    size_t m_line;
};

// Parses a whole JSON document; a syntax error becomes an ImportFailure with its line and column.
[[nodiscard]] nlohmann::json parseDocument(const std::string &text, const std::string &file);
// Reads a file into memory; ImportFailure when it cannot be read.
[[nodiscard]] std::string readWholeFile(const std::string &path);

} // namespace gc::annot
