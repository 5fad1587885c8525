#include "tiled_answer.h"

#include <algorithm>

namespace gc {

bool taskListsObjects(const std::string &taskId)
{
    return taskId == "grounded-caption" || taskId == "detect" || taskId == "dense-caption" || taskId == "proposals" ||
           taskId == "ocr-regions";
}

TileMerge mergeFor(const std::string &taskId)
{
    return taskId == "detect" || taskId == "proposals" || taskId == "dense-caption" ? TileMerge::Nms : TileMerge::Overlap;
}

bool keepMergedGeometry(GroundedText &decoded, const std::vector<Entity> &merged)
{
    if (decoded.normalized || decoded.entities.size() != merged.size())
        return false;
    for (size_t e = 0; e < merged.size(); ++e)
        if (decoded.entities[e].regions.size() != merged[e].regions.size())
            return false;
    for (size_t e = 0; e < merged.size(); ++e)
        for (size_t r = 0; r < merged[e].regions.size(); ++r) {
            Region &to = decoded.entities[e].regions[r];
            const Region &from = merged[e].regions[r];
            to.kind = from.kind;
            to.box = from.box;
            to.points = from.points;
            to.mask = from.mask;
        }
    return true;
}

TiledAnswer::TiledAnswer(const Dialect &dialect, SizeI image, std::vector<Tile> crops, TileMerge how,
                         DecodeOptions options, InputFrame frame)
    : m_dialect(dialect), m_image(image), m_crops(std::move(crops)), m_how(how), m_options(std::move(options)),
      m_frame(std::move(frame))
{
}

DecodeOptions TiledAnswer::optionsFor(SizeI size) const
{
    DecodeOptions o = m_options;
    o.imageSize = size;
    o.inputSize = m_frame ? m_frame(size) : SizeI{};
    o.partial = false;
    return o;
}

void TiledAnswer::add(size_t index, std::string_view answer)
{
    if (index >= m_crops.size())
        return;
    const Tile &crop = m_crops[index];
    if (crop.global)
        m_globalAnswer = std::string(answer);
    const SizeI size{int(crop.box.width()), int(crop.box.height())};
    GroundedText decoded = m_dialect.decode(answer, optionsFor(size));
    if (decoded.normalized)
        decoded = decoded.toPixels(size);
    for (const Entity &e : decoded.entities)
        for (const Region &r : e.regions)
            m_findings.push_back({e.phrase, regionToImage(r, crop.box, m_image), index});
    ++m_answered;
}

std::vector<Entity> TiledAnswer::merged() const
{
    // The regions without a phrase come first: written after a phrase, they would be read as its regions, and
    // between two phrases they leave an empty item in the text ("a, , b").
    std::vector<Entity> entities = mergeTileFindings(m_findings, m_crops, m_image, m_how);
    std::stable_partition(entities.begin(), entities.end(), [](const Entity &e) { return e.phrase.empty(); });
    return entities;
}

std::optional<std::string> TiledAnswer::text() const
{
    const std::vector<Entity> entities = merged();
    if (entities.empty())
        return m_globalAnswer;
    const DecodeOptions whole = optionsFor(m_image);
    std::string out;
    bool phrased = false; // a phrase is written already
    size_t regions = 0;
    for (const Entity &e : entities) {
        EncodeRequest request;
        request.imageSize = m_image;
        request.inputSize = whole.inputSize;
        request.phrase = e.phrase;
        for (const Region &r : e.regions) {
            PromptRegion p;
            p.kind = r.kind == RegionKind::Point ? RegionKind::Point : RegionKind::Box;
            p.box = r.box;
            p.point = r.points.empty() ? r.box.center() : r.points.front();
            request.regions.push_back(p);
        }
        regions += e.regions.size();
        const EncodeResult written = m_dialect.encode(request);
        if (!written.ok)
            return std::nullopt;
        if (written.text.empty())
            continue;
        // a phrase continues the prompt's words, the next ones after a comma; the phrase-less regions (first)
        // follow the prompt's own phrase at once
        out += phrased ? ", " : (e.phrase.empty() ? "" : " ");
        phrased = phrased || !e.phrase.empty();
        out += written.text;
    }
    out += '.';
    // a family whose prompt markup is not what its answers are read in cannot carry the merged answer
    if (m_dialect.decode(out, whole).regionCount() != regions)
        return std::nullopt;
    return out;
}

} // namespace gc
