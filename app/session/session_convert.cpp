// The app's documents in the session file's form and back (session_document.h owns the format).
#include "session_convert.h"

#include <QSize>

namespace {
std::string utf8(const QString &s) { return s.toStdString(); }
QString qtext(const std::string &s) { return QString::fromStdString(s); }
} // namespace

gc::annot::SessionRegion fileRegion(const RegionItem &r)
{
    gc::annot::SessionRegion f;
    f.id = utf8(r.id);
    f.kind = gc::regionKindFromName(utf8(r.kind)).value_or(gc::RegionKind::Box);
    f.fromModel = r.fromModel;
    f.accepted = r.accepted;
    f.label = utf8(r.label);
    f.color = r.colorIndex;
    f.box = {r.box.left(), r.box.top(), r.box.right(), r.box.bottom()};
    f.points.reserve(size_t(r.points.size()));
    for (const QPointF &p : r.points)
        f.points.push_back({p.x(), p.y()});
    f.positive = r.positive;
    f.mark = r.markNumber;
    f.visible = r.visible;
    f.message = r.messageIndex;
    f.entity = r.entityIndex;
    f.maskRle = utf8(r.maskRle);
    f.maskSize = {r.maskSize.width(), r.maskSize.height()};
    for (qsizetype i = 0; i < r.promptPoints.size(); ++i)
        f.prompts.push_back({{r.promptPoints[i].x(), r.promptPoints[i].y()}, r.promptPositive.value(i, true)});
    f.source = utf8(r.source);
    return f;
}

RegionItem appRegion(const gc::annot::SessionRegion &f)
{
    RegionItem r;
    r.id = qtext(f.id);
    r.kind = QString::fromLatin1(gc::regionKindName(f.kind));
    r.fromModel = f.fromModel;
    r.accepted = f.accepted;
    r.label = qtext(f.label);
    r.colorIndex = f.color;
    r.box = QRectF(QPointF(f.box.x1, f.box.y1), QPointF(f.box.x2, f.box.y2));
    r.points.reserve(qsizetype(f.points.size()));
    for (const gc::PointF &p : f.points)
        r.points.append(QPointF(p.x, p.y));
    r.positive = f.positive;
    r.markNumber = f.mark;
    r.visible = f.visible;
    r.messageIndex = f.message;
    r.entityIndex = f.entity;
    r.maskRle = qtext(f.maskRle);
    r.maskSize = QSize(f.maskSize.width, f.maskSize.height);
    for (const gc::annot::SessionPrompt &p : f.prompts) {
        r.promptPoints.append(QPointF(p.at.x, p.at.y));
        r.promptPositive.append(p.positive);
    }
    r.source = qtext(f.source);
    return r;
}

gc::annot::SessionMessage fileMessage(const ChatMessage &m)
{
    gc::annot::SessionMessage f;
    f.fromUser = m.fromUser;
    f.text = utf8(m.text);
    f.raw = m.raw.toStdString();
    f.prompt = utf8(m.prompt);
    f.task = utf8(m.task);
    f.dialect = utf8(m.dialect);
    for (const QVariant &v : m.entities) {
        const QVariantMap e = v.toMap();
        gc::annot::SessionEntity fe{utf8(e.value(QStringLiteral("phrase")).toString()),
                                e.value(QStringLiteral("spanBegin"), -1).toInt(),
                                e.value(QStringLiteral("spanEnd"), -1).toInt(),
                                e.value(QStringLiteral("colorIndex")).toInt(),
                                {}};
        for (const QString &id : e.value(QStringLiteral("regionIds")).toStringList())
            fe.regionIds.push_back(utf8(id));
        f.entities.push_back(std::move(fe));
    }
    f.cancelled = m.cancelled || m.streaming; // saved mid-answer, it reads as stopped
    f.error = utf8(m.error);
    f.ttftMs = m.ttftMs;
    f.tokensPerSecond = m.tokensPerSecond;
    f.tokens = m.tokens;
    for (const ToolRun &t : m.tools) {
        gc::annot::SessionToolRun ft{utf8(t.tool), std::nullopt, t.ms, utf8(t.output), {}};
        if (!t.region.isNull())
            ft.region = gc::Box{t.region.left(), t.region.top(), t.region.right(), t.region.bottom()};
        for (const QString &id : t.regionIds)
            ft.regionIds.push_back(utf8(id));
        if (t.grid.isValid())
            ft.grid = gc::annot::SessionTileGrid{t.grid.width(), t.grid.height()};
        for (const QRectF &r : t.tiles)
            ft.tiles.push_back(gc::Box{r.left(), r.top(), r.right(), r.bottom()});
        f.tools.push_back(std::move(ft));
    }
    return f;
}

ChatMessage appMessage(const gc::annot::SessionMessage &f)
{
    ChatMessage m;
    m.fromUser = f.fromUser;
    m.text = qtext(f.text);
    m.raw = QByteArray::fromStdString(f.raw);
    m.prompt = qtext(f.prompt);
    m.task = qtext(f.task);
    m.dialect = qtext(f.dialect);
    // in the types the chat keeps them in (JSON's: whole numbers as qlonglong, lists as QVariantList; see
    // session_chat.cpp), so that a loaded session equals the saved one
    for (const gc::annot::SessionEntity &e : f.entities) {
        QVariantList ids;
        for (const std::string &id : e.regionIds)
            ids << qtext(id);
        m.entities << QVariantMap{{QStringLiteral("phrase"), qtext(e.phrase)},
                                  {QStringLiteral("spanBegin"), qlonglong(e.spanBegin)},
                                  {QStringLiteral("spanEnd"), qlonglong(e.spanEnd)},
                                  {QStringLiteral("colorIndex"), qlonglong(e.colorIndex)},
                                  {QStringLiteral("regionIds"), ids}};
    }
    m.cancelled = f.cancelled;
    m.error = qtext(f.error);
    m.ttftMs = f.ttftMs;
    m.tokensPerSecond = f.tokensPerSecond;
    m.tokens = f.tokens;
    for (const gc::annot::SessionToolRun &ft : f.tools) {
        ToolRun t{qtext(ft.tool), {}, ft.ms, qtext(ft.output), {}};
        if (ft.region)
            t.region = QRectF(QPointF(ft.region->x1, ft.region->y1), QPointF(ft.region->x2, ft.region->y2));
        for (const std::string &id : ft.regionIds)
            t.regionIds << qtext(id);
        if (ft.grid)
            t.grid = QSize(ft.grid->columns, ft.grid->rows);
        for (const gc::Box &b : ft.tiles)
            t.tiles << QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2));
        m.tools.append(std::move(t));
    }
    return m;
}

