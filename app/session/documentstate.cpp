#include "documentstate.h"

#include <QHash>
#include <QJsonArray>

namespace {

QJsonArray rectJson(const QRectF &r) { return {r.left(), r.top(), r.right(), r.bottom()}; }

bool rectFromJson(const QJsonValue &v, QRectF *out)
{
    const QJsonArray a = v.toArray();
    if (a.size() != 4)
        return false;
    for (const QJsonValue &x : a)
        if (!x.isDouble())
            return false;
    *out = QRectF(QPointF(a[0].toDouble(), a[1].toDouble()), QPointF(a[2].toDouble(), a[3].toDouble()));
    return true;
}

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
           promptPoints == o.promptPoints && promptPositive == o.promptPositive;
}

QJsonObject RegionItem::toJson() const
{
    QJsonArray pts;
    for (const QPointF &p : points)
        pts.append(QJsonArray{p.x(), p.y()});
    return {{QStringLiteral("id"), id},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("fromModel"), fromModel},
            {QStringLiteral("accepted"), accepted},
            {QStringLiteral("label"), label},
            {QStringLiteral("color"), colorIndex},
            {QStringLiteral("box"), rectJson(box)},
            {QStringLiteral("points"), pts},
            {QStringLiteral("positive"), positive},
            {QStringLiteral("mark"), markNumber},
            {QStringLiteral("visible"), visible},
            {QStringLiteral("message"), messageIndex},
            {QStringLiteral("entity"), entityIndex},
            {QStringLiteral("maskRle"), maskRle},
            {QStringLiteral("maskSize"), QJsonArray{maskSize.width(), maskSize.height()}},
            {QStringLiteral("prompts"), [this] {
                 QJsonArray a;
                 for (int i = 0; i < promptPoints.size(); ++i)
                     a.append(QJsonArray{promptPoints[i].x(), promptPoints[i].y(), promptPositive.value(i, true)});
                 return a;
             }()}};
}

RegionItem RegionItem::fromJson(const QJsonObject &o, bool *ok)
{
    RegionItem r;
    *ok = o.value(QStringLiteral("id")).isString() && rectFromJson(o.value(QStringLiteral("box")), &r.box);
    r.id = o.value(QStringLiteral("id")).toString();
    r.kind = o.value(QStringLiteral("kind")).toString(QStringLiteral("box"));
    r.fromModel = o.value(QStringLiteral("fromModel")).toBool();
    r.accepted = o.value(QStringLiteral("accepted")).toBool();
    r.label = o.value(QStringLiteral("label")).toString();
    r.colorIndex = o.value(QStringLiteral("color")).toInt();
    for (const QJsonValue &p : o.value(QStringLiteral("points")).toArray()) {
        const QJsonArray xy = p.toArray();
        if (xy.size() != 2) {
            *ok = false;
            continue;
        }
        r.points.append(QPointF(xy[0].toDouble(), xy[1].toDouble()));
    }
    r.positive = o.value(QStringLiteral("positive")).toBool(true);
    r.markNumber = o.value(QStringLiteral("mark")).toInt();
    r.visible = o.value(QStringLiteral("visible")).toBool(true);
    r.messageIndex = o.value(QStringLiteral("message")).toInt(-1);
    r.entityIndex = o.value(QStringLiteral("entity")).toInt(-1);
    r.maskRle = o.value(QStringLiteral("maskRle")).toString();
    const QJsonArray ms = o.value(QStringLiteral("maskSize")).toArray();
    if (ms.size() == 2)
        r.maskSize = QSize(ms[0].toInt(), ms[1].toInt());
    for (const QJsonValue &v : o.value(QStringLiteral("prompts")).toArray()) {
        const QJsonArray p = v.toArray();
        if (p.size() != 3) {
            *ok = false;
            continue;
        }
        r.promptPoints.append(QPointF(p[0].toDouble(), p[1].toDouble()));
        r.promptPositive.append(p[2].toBool());
    }
    static const QStringList kinds = {QStringLiteral("box"),     QStringLiteral("point"), QStringLiteral("mark"),
                                      QStringLiteral("polygon"), QStringLiteral("quad"),  QStringLiteral("mask")};
    if (!kinds.contains(r.kind))
        *ok = false;
    return r;
}

bool ChatMessage::operator==(const ChatMessage &o) const
{
    return fromUser == o.fromUser && text == o.text && raw == o.raw && prompt == o.prompt && task == o.task &&
           dialect == o.dialect &&
           entities == o.entities && streaming == o.streaming && cancelled == o.cancelled && error == o.error &&
           ttftMs == o.ttftMs && tokensPerSecond == o.tokensPerSecond && tokens == o.tokens;
}

QJsonObject ChatMessage::toJson() const
{
    return {{QStringLiteral("role"), fromUser ? QStringLiteral("user") : QStringLiteral("assistant")},
            {QStringLiteral("text"), text},
            {QStringLiteral("raw"), QString::fromUtf8(raw)},
            {QStringLiteral("prompt"), prompt},
            {QStringLiteral("task"), task},
            {QStringLiteral("dialect"), dialect},
            {QStringLiteral("entities"), QJsonArray::fromVariantList(entities)},
            {QStringLiteral("cancelled"), cancelled || streaming}, // saved mid-answer, it reads as stopped
            {QStringLiteral("error"), error},
            {QStringLiteral("ttftMs"), ttftMs},
            {QStringLiteral("tokensPerSecond"), tokensPerSecond},
            {QStringLiteral("tokens"), tokens}};
}

ChatMessage ChatMessage::fromJson(const QJsonObject &o, bool *ok)
{
    ChatMessage m;
    const QString role = o.value(QStringLiteral("role")).toString();
    *ok = role == QLatin1String("user") || role == QLatin1String("assistant");
    m.fromUser = role == QLatin1String("user");
    m.text = o.value(QStringLiteral("text")).toString();
    m.raw = o.value(QStringLiteral("raw")).toString().toUtf8();
    m.prompt = o.value(QStringLiteral("prompt")).toString();
    m.task = o.value(QStringLiteral("task")).toString();
    m.dialect = o.value(QStringLiteral("dialect")).toString();
    m.entities = o.value(QStringLiteral("entities")).toArray().toVariantList();
    m.cancelled = o.value(QStringLiteral("cancelled")).toBool();
    m.error = o.value(QStringLiteral("error")).toString();
    m.ttftMs = o.value(QStringLiteral("ttftMs")).toDouble();
    m.tokensPerSecond = o.value(QStringLiteral("tokensPerSecond")).toDouble();
    m.tokens = o.value(QStringLiteral("tokens")).toInt();
    return m;
}
