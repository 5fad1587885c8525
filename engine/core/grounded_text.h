#pragma once

#include "region.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gc {

// Half-open range of Unicode code points in the clean text (Python string indices).
struct Span {
    size_t begin = 0;
    size_t end = 0;
    bool operator==(const Span &o) const { return begin == o.begin && end == o.end; }
};

// A phrase of the answer and the regions it refers to.
struct Entity {
    std::string phrase;
    Span span;              // where the phrase sits in the clean text
    bool hasSpan = false;   // false when the phrase is not part of the shown text (JSON labels, ...)
    std::vector<Region> regions;
    std::map<std::string, std::string> attributes; // extra per-entity fields a format carries (name_zh, ...)
    int classId = -1;       // index into the caller's class list, when one was given
    size_t rawEnd = 0;      // byte offset in the raw output just past this entity's last token
};

struct Diagnostic {
    size_t rawOffset = 0;
    std::string message;
};

// What a decoder makes of a model's raw output: the text to show and its grounded entities.
struct GroundedText {
    std::string text;
    std::vector<Entity> entities;
    std::vector<Diagnostic> diagnostics; // malformed parts that were kept as text, clamped values...
    bool normalized = true;              // coordinates are 0..1 of the original image (else pixels)

    // Adds a diagnostic. Past kMaxDiagnostics one last entry says that the rest is left out, so that an answer made
    // of a million malformed tags costs no memory per tag.
    void warn(size_t rawOffset, std::string message);
    static constexpr size_t kMaxDiagnostics = 100;

    // Copy with every coordinate multiplied by the image size (normalised -> pixels).
    [[nodiscard]] GroundedText toPixels(SizeI image) const;
    [[nodiscard]] size_t regionCount() const;
};

// Builds clean text and entity spans while a decoder walks the raw output.
class GroundedTextBuilder {
public:
    void appendText(std::string_view s);
    // Appends the phrase to the text and returns its span, leading/trailing spaces excluded.
    Span appendPhrase(std::string_view phrase);
    [[nodiscard]] size_t position() const { return m_length; }
    [[nodiscard]] const std::string &text() const { return m_text; }
    Entity &addEntity(Entity e);
    [[nodiscard]] std::vector<Entity> &entities() { return m_result.entities; }
    void warn(size_t rawOffset, std::string message);
    // Finishes the text: strips surrounding white space (spans are shifted to match) and, when
    // collapseSpaces, folds runs of spaces into one.
    [[nodiscard]] GroundedText finish(bool trimText = true);

private:
    std::string m_text;
    size_t m_length = 0; // code points in m_text
    GroundedText m_result;
};

} // namespace gc
