#include "documentstate.h"

#include <QHash>

namespace {

// Where each region is in `regions`, by id: what makes a change over n regions take time linear in n.
QHash<QString, qsizetype> positions(const QList<RegionItem> &regions)
{
    QHash<QString, qsizetype> at;
    at.reserve(regions.size());
    for (qsizetype i = 0; i < regions.size(); ++i)
        at.insert(regions[i].id, i);
    return at;
}

// How many turns two conversations share from their start.
qsizetype sharedTurns(const QList<ChatMessage> &a, const QList<ChatMessage> &b)
{
    qsizetype n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return n;
}

} // namespace

void DocumentState::applyChange(const DocumentState &from, const DocumentState &to)
{
    const QHash<QString, qsizetype> wasAt = positions(from.regions), nowAt = positions(to.regions);
    regions.removeIf([&](const RegionItem &r) { return wasAt.contains(r.id) && !nowAt.contains(r.id); });
    const QHash<QString, qsizetype> hereAt = positions(regions);
    // A region the change brings (back) goes after its nearest neighbour before it in `to` that is here (or
    // brought back before it), so drawing order is kept: `after` holds it under that neighbour's id, "" for the
    // front. Each neighbour takes at most one, since the region brought back becomes the next one's neighbour.
    QHash<QString, RegionItem> after;
    QString anchor;
    for (const RegionItem &r : to.regions) {
        const qsizetype was = wasAt.value(r.id, -1), here = hereAt.value(r.id, -1);
        if (here >= 0) {
            if (was < 0 || !(from.regions[was] == r))
                regions[here] = r;
            anchor = r.id;
        } else if (was < 0) {
            after.insert(anchor, r);
            anchor = r.id;
        } // else gone since (whether or not this step changed it)
    }
    if (!after.isEmpty()) {
        QList<RegionItem> placed;
        placed.reserve(regions.size() + after.size());
        const auto placeAfter = [&](QString id) {
            for (auto it = after.constFind(id); it != after.cend(); it = after.constFind(id)) {
                placed.append(*it);
                id = it->id;
            }
        };
        placeAfter(QString());
        for (const RegionItem &r : std::as_const(regions)) {
            placed.append(r);
            placeAfter(r.id);
        }
        regions = placed;
    }
    // the conversation only grows or is cut at its end: the change replaces the turns after the shared ones
    const qsizetype shared = sharedTurns(from.messages, to.messages);
    messages = messages.mid(0, shared) + to.messages.mid(shared) + messages.mid(from.messages.size());
    if (from.nextRegion != to.nextRegion)
        nextRegion = to.nextRegion;
    if (from.nextMark != to.nextMark)
        nextMark = to.nextMark;
    if (from.nextAnswerRegion != to.nextAnswerRegion)
        nextAnswerRegion = to.nextAnswerRegion;
}

DocumentState DocumentState::withConversationOf(const DocumentState &earlier) const
{
    const qsizetype shared = sharedTurns(earlier.messages, messages);
    const auto laterAnswer = [shared](const RegionItem &r) { return r.fromModel && r.messageIndex >= shared; };
    DocumentState out = *this;
    out.messages = earlier.messages;
    out.nextAnswerRegion = earlier.nextAnswerRegion;
    out.regions.removeIf(laterAnswer);
    for (const RegionItem &r : earlier.regions)
        if (laterAnswer(r))
            out.regions.append(r);
    return out;
}

bool RegionItem::operator==(const RegionItem &o) const
{
    return id == o.id && kind == o.kind && fromModel == o.fromModel && accepted == o.accepted && label == o.label &&
           colorIndex == o.colorIndex && box == o.box && points == o.points && positive == o.positive &&
           markNumber == o.markNumber && visible == o.visible && messageIndex == o.messageIndex &&
           entityIndex == o.entityIndex && maskRle == o.maskRle && maskSize == o.maskSize &&
           promptPoints == o.promptPoints && promptPositive == o.promptPositive && source == o.source;
}

bool ToolRun::operator==(const ToolRun &o) const
{
    return tool == o.tool && region == o.region && ms == o.ms && output == o.output && regionIds == o.regionIds &&
           grid == o.grid && tiles == o.tiles;
}

bool ChatMessage::operator==(const ChatMessage &o) const
{
    return fromUser == o.fromUser && text == o.text && raw == o.raw && prompt == o.prompt && task == o.task &&
           dialect == o.dialect &&
           entities == o.entities && streaming == o.streaming && cancelled == o.cancelled && error == o.error &&
           ttftMs == o.ttftMs && tokensPerSecond == o.tokensPerSecond && tokens == o.tokens && tokenIds == o.tokenIds &&
           searchStep == o.searchStep && searchMaxSteps == o.searchMaxSteps && tools == o.tools &&
           tilesDone == o.tilesDone && tilesTotal == o.tilesTotal && crop == o.crop;
}
