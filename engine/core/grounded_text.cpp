#include "grounded_text.h"

#include "utf8.h"

#include <algorithm>

namespace gc {

GroundedText GroundedText::toPixels(SizeI image) const
{
    GroundedText out = *this;
    if (!normalized || !image.isValid())
        return out;
    for (Entity &e : out.entities)
        for (Region &r : e.regions)
            r = r.scaled(image.width, image.height);
    out.normalized = false;
    return out;
}

void GroundedText::warn(size_t rawOffset, std::string message)
{
    if (diagnostics.size() < kMaxDiagnostics)
        diagnostics.push_back({rawOffset, std::move(message)});
    else if (diagnostics.size() == kMaxDiagnostics)
        diagnostics.push_back({rawOffset, "more problems from here on are not listed"});
}

size_t GroundedText::regionCount() const
{
    size_t n = 0;
    for (const Entity &e : entities)
        n += e.regions.size();
    return n;
}

void GroundedTextBuilder::appendText(std::string_view s)
{
    m_text.append(s);
    m_length += utf8::length(s);
}

Span GroundedTextBuilder::appendPhrase(std::string_view phrase)
{
    size_t lead = 0;
    while (lead < phrase.size() && utf8::isSpace(phrase[lead]))
        ++lead;
    size_t trail = phrase.size();
    while (trail > lead && utf8::isSpace(phrase[trail - 1]))
        --trail;
    appendText(phrase.substr(0, lead));
    const size_t begin = m_length;
    appendText(phrase.substr(lead, trail - lead));
    const size_t end = m_length;
    appendText(phrase.substr(trail));
    return {begin, end};
}

Entity &GroundedTextBuilder::addEntity(Entity e)
{
    m_result.entities.push_back(std::move(e));
    return m_result.entities.back();
}

void GroundedTextBuilder::warn(size_t rawOffset, std::string message)
{
    m_result.warn(rawOffset, std::move(message));
}

GroundedText GroundedTextBuilder::finish(bool trimText)
{
    GroundedText out = std::move(m_result);
    m_result = {};
    if (trimText) {
        size_t lead = 0;
        while (lead < m_text.size() && utf8::isSpace(m_text[lead]))
            ++lead;
        size_t trail = m_text.size();
        while (trail > lead && utf8::isSpace(m_text[trail - 1]))
            --trail;
        const size_t newLength = utf8::length(std::string_view(m_text).substr(lead, trail - lead));
        for (Entity &e : out.entities) {
            if (!e.hasSpan)
                continue;
            // spaces are single-byte, so byte and code point counts of the stripped prefix agree
            e.span.begin = std::min(newLength, e.span.begin >= lead ? e.span.begin - lead : 0);
            e.span.end = std::min(newLength, e.span.end >= lead ? e.span.end - lead : 0);
        }
        m_text = m_text.substr(lead, trail - lead);
    }
    out.text = utf8::sanitize(m_text);
    m_text.clear();
    m_length = 0;
    return out;
}

} // namespace gc
