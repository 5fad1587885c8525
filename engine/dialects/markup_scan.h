#pragma once

// Helpers shared by the dialects whose regions sit inline in prose: writing the clean text around removed
// markup, finding the clause a positional box belongs to, parsing bracketed number lists, hiding a
// half-written construct at the end of a streamed prefix, and filling task templates.

#include "dialect.h"

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gc::dialects::markup {

// Writes clean text into a GroundedTextBuilder. Where markup was dropped, the spaces on both sides of it
// are folded into one and a space before following punctuation is removed ("a dog [1, 2, 3, 4]." ->
// "a dog."), so that removing coordinates never leaves double spaces behind. Spaces that are not next to
// removed markup are kept as the model wrote them.
class CleanWriter {
public:
    explicit CleanWriter(GroundedTextBuilder &builder) : m_b(builder) {}

    void text(std::string_view s);
    // Appends a phrase and returns its span (surrounding spaces excluded); nullopt when it is blank.
    std::optional<Span> phrase(std::string_view s);
    // Markup was removed at this point.
    void markup();
    // The clause that ends at the current position: text back to the previous removed markup or the
    // previous punctuation, trimmed. The positional families (Shikra, Ferret, GroundingGPT, CogVLM) write a
    // box right after the words it grounds and nothing marks where those words begin; this is our stand-in
    // for CogVLM's spaCy noun chunk and Ferret's `([a-zA-Z\s]+)\s+\[` capture.
    [[nodiscard]] std::optional<std::pair<std::string, Span>> trailingClause() const;
    // True when nothing but spaces was written since the last markup() (adjacent boxes form one group).
    [[nodiscard]] bool onlySpacesSinceMarkup() const { return m_junction; }

private:
    void flushPending();

    GroundedTextBuilder &m_b;
    std::string m_pending;     // trailing horizontal spaces not yet written
    bool m_junction = false;   // the last thing seen was removed markup
    size_t m_clauseStart = 0;  // byte offset in the builder's text where the current clause began
};

// Parses "a,b,c,d;e,f,g,h": groups separated by groupSep, numbers by itemSep, spaces allowed around
// every number. nullopt when anything is not a number or a group is empty.
[[nodiscard]] std::optional<std::vector<std::vector<double>>> parseGroups(std::string_view s, char itemSep,
                                                                           char groupSep);

// True when s contains only characters that can appear inside a coordinate list (digits, '.', ',', ';',
// spaces, '-', and the extra characters given).
[[nodiscard]] bool looksNumeric(std::string_view s, std::string_view extra = {});

// Streaming: when the text ends inside an opened `open` construct that could still become coordinates,
// returns the offset of that opener so the caller can hide it; otherwise returns s.size().
[[nodiscard]] size_t cutOpenConstruct(std::string_view s, std::string_view open, std::string_view allowed,
                                      size_t maxLength);
// Streaming: when s ends with a proper prefix of one of the tokens, returns where that prefix starts.
[[nodiscard]] size_t cutTokenPrefix(std::string_view s, std::initializer_list<std::string_view> tokens);

// Adds the diagnostics a clamped or reordered model region deserves.
void noteRegionFixes(GroundedTextBuilder &b, const Region &r, size_t rawOffset);

// Fills the request's task template of `info` with `input` (the encoded regions, or the phrase when there
// are none). An empty task returns the input as is.
[[nodiscard]] EncodeResult applyTask(const DialectInfo &info, const EncodeRequest &request, const std::string &input);

// Replaces every "{input}" in templ.
[[nodiscard]] std::string fillTemplate(std::string_view templ, std::string_view input);

// Inline coordinate lists written right after the words they ground ("a dog [0.1,0.2,0.5,0.9]"):
// Shikra, Ferret, GroundingGPT, CogVLM. Each bracket holds groups (boxes or points) of numbers.
struct BracketSyntax {
    std::string_view open = "[";
    std::string_view close = "]";
    char itemSep = ',';
    char groupSep = ';';        // 0 when a bracket holds one group only
    size_t maxInner = 512;      // longer brackets are prose, not coordinates
    bool groupAdjacent = false; // "[..][..]" (spaces allowed between) ground the same phrase
};
// Turns one group of numbers into a unit region; nullopt (with *why set) when the group does not fit.
using GroupToRegion = std::function<std::optional<Region>(const std::vector<double> &, std::string *why)>;
// Decodes a text with positional bracketed coordinates: brackets that parse become regions of the clause
// before them (see CleanWriter::trailingClause) and disappear from the text; everything else stays text.
// The pieces of decodeBrackets, for dialects that mix brackets with other forms (CogAgent):
// how much of a streamed text is stable, the scan of one stretch of text (rawBase = its offset in the raw
// output, for diagnostics), and the final touches (sanitized phrases, region labels).
[[nodiscard]] size_t bracketStableLength(std::string_view raw, bool partial, const BracketSyntax &syntax);
void scanBrackets(std::string_view text, size_t rawBase, const BracketSyntax &syntax, const GroupToRegion &toRegion,
                  GroundedTextBuilder &builder, CleanWriter &writer, bool &haveEntity);
[[nodiscard]] GroundedText finishInline(GroundedTextBuilder &builder);
[[nodiscard]] GroundedText decodeBrackets(std::string_view raw, const DecodeOptions &options,
                                          const BracketSyntax &syntax, const GroupToRegion &toRegion);

// Families that wrap phrases in tags and put region markup right after them: MiniGPT-v2
// `<p>x</p> {<..>}`, Groma `<p>x</p> <roi><r3></roi>`, GLaMM `<p> x </p> [SEG]`, LLaVA-Grounding
// `<g_s> x <g_e> <seg>`. Region markup directly after a phrase (spaces allowed) grounds it; region markup
// elsewhere makes an entity without a phrase; further region markup right after grounds the same phrase.
struct PhraseTags {
    std::string_view open;
    std::string_view close;
    size_t maxPhrase = 2000; // a longer "phrase" means the close tag never came
};
struct RegionMatch {
    size_t length = 0;          // bytes of markup consumed
    std::vector<Region> regions; // may be empty (a proposal index that does not exist)
    bool separator = false;     // `<delim>`: joins the region markup on both sides
};
// Recognises region markup at t[p]; nullopt when there is none (the character is then text).
using RegionMarkup = std::function<std::optional<RegionMatch>(std::string_view t, size_t p, GroundedTextBuilder &b)>;
// `t` must already be cut to its stable part; `starts` lists the characters that can begin region markup.
[[nodiscard]] GroundedText decodeTagged(std::string_view t, bool partial, const PhraseTags &tags, std::string_view starts,
                                        const RegionMarkup &recognise);

[[nodiscard]] inline bool isHSpace(char c) { return c == ' ' || c == '\t'; }
[[nodiscard]] inline bool isDigit(char c) { return c >= '0' && c <= '9'; }

} // namespace gc::dialects::markup
