#include "chatmodel.h"

#include "regionpalette.h"

#include <QRegularExpression>

#include <algorithm>

namespace {
// the schemes of the rich text's links
const QString kEntityLink = QStringLiteral("entity:");
const QString kMarkLink = QStringLiteral("mark:");

int numberAfter(const QString &text, const QString &prefix)
{
    bool ok = false;
    const int n = text.startsWith(prefix) ? text.mid(prefix.size()).toInt(&ok) : -1;
    return ok && n >= 0 ? n : -1;
}
} // namespace

QVariant ChatModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChatMessage &m = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case int(Role::Text): return m.text;
    case int(Role::FromUser): return m.fromUser;
    case int(Role::RichText): return richText(m);
    case int(Role::Raw): return QString::fromUtf8(m.raw);
    case int(Role::Prompt): return m.prompt;
    case int(Role::Entities): return m.entities;
    case int(Role::Streaming): return m.streaming;
    case int(Role::Cancelled): return m.cancelled;
    case int(Role::Error): return m.error;
    case int(Role::TimeToFirstToken): return m.ttftMs;
    case int(Role::TokensPerSecond): return m.tokensPerSecond;
    case int(Role::Tokens): return m.tokens;
    case int(Role::SearchStep): return m.searchStep;
    case int(Role::SearchMaxSteps): return m.searchMaxSteps;
    case int(Role::Tools): {
        QVariantList runs;
        for (const ToolRun &t : m.tools) {
            const QVariantList region = t.region.isNull() ? QVariantList()
                                                          : QVariantList{t.region.left(), t.region.top(),
                                                                         t.region.right(), t.region.bottom()};
            QVariantList tiles;
            for (const QRectF &r : t.tiles)
                tiles << QVariant(QVariantList{r.left(), r.top(), r.right(), r.bottom()});
            runs << QVariantMap{{QStringLiteral("tool"), t.tool},
                                {QStringLiteral("region"), region},
                                {QStringLiteral("ms"), t.ms},
                                {QStringLiteral("output"), t.output},
                                {QStringLiteral("regionIds"), t.regionIds},
                                {QStringLiteral("grid"), t.grid.isValid() ? QVariantList{t.grid.width(), t.grid.height()}
                                                                          : QVariantList()},
                                {QStringLiteral("tiles"), tiles}};
        }
        return runs;
    }
    case int(Role::TilesDone): return m.tilesDone;
    case int(Role::TilesTotal): return m.tilesTotal;
    case int(Role::Crop): return m.crop;
    case int(Role::HighlightedEntity): return index.row() == m_highlightedMessage ? m_highlightedEntity : -1;
    }
    return {};
}

QHash<int, QByteArray> ChatModel::roleNames() const
{
    return {{int(Role::FromUser), "fromUser"},     {int(Role::Text), "text"},
            {int(Role::RichText), "richText"},     {int(Role::Raw), "raw"},
            {int(Role::Prompt), "prompt"},         {int(Role::Entities), "entities"},
            {int(Role::Streaming), "streaming"},   {int(Role::Cancelled), "cancelled"},
            {int(Role::Error), "error"},           {int(Role::TimeToFirstToken), "ttftMs"},
            {int(Role::TokensPerSecond), "tokensPerSecond"}, {int(Role::Tokens), "tokens"},
            {int(Role::HighlightedEntity), "highlightedEntity"},
            {int(Role::SearchStep), "searchStep"},         {int(Role::SearchMaxSteps), "searchMaxSteps"},
            {int(Role::Tools), "tools"},
            {int(Role::TilesDone), "tilesDone"},           {int(Role::TilesTotal), "tilesTotal"},
            {int(Role::Crop), "crop"}};
}

void ChatModel::setHighlight(int message, int entity)
{
    const bool valid = message >= 0 && entity >= 0;
    if (!valid)
        message = entity = -1;
    if (message == m_highlightedMessage && entity == m_highlightedEntity)
        return;
    const int before = m_highlightedMessage;
    m_highlightedMessage = message;
    m_highlightedEntity = entity;
    for (const int row : {before, m_highlightedMessage}) {
        if (row >= 0 && row < rowCount())
            emit dataChanged(index(row), index(row), {int(Role::HighlightedEntity)});
    }
}

QVariantMap ChatModel::linkTarget(const QString &link) const
{
    return {{QStringLiteral("entity"), numberAfter(link, kEntityLink)},
            {QStringLiteral("mark"), numberAfter(link, kMarkLink)}};
}


QString ChatModel::richTextFor(int row, int highlightedEntity, bool darkTheme) const
{
    if (row < 0 || row >= m_items.size())
        return {};
    return richText(m_items[row], highlightedEntity, darkTheme);
}

QString ChatModel::richText(const ChatMessage &m, int highlightedEntity, bool darkTheme)
{
    if (m.fromUser)
        return m.text.toHtmlEscaped();
    // Spans count code points; walk the text as UCS-4 to place the links.
    const QList<uint> cps = m.text.toUcs4();
    QVector<int> entityAt(cps.size(), -1);
    for (int e = 0; e < m.entities.size(); ++e) {
        const QVariantMap map = m.entities[e].toMap();
        const int b = map.value(QStringLiteral("spanBegin"), -1).toInt();
        const int end = map.value(QStringLiteral("spanEnd"), -1).toInt();
        for (int i = std::max(0, b); i < std::min<int>(end, int(cps.size())); ++i)
            entityAt[i] = e;
    }
    // phrases the grounding expert boxed (their regions are an "expert" tool run's) read in italics
    QStringList expertRegions;
    for (const ToolRun &t : m.tools)
        if (t.tool == QLatin1String("expert"))
            expertRegions << t.regionIds;
    const auto fromExpert = [&](int e) {
        const QStringList ids = m.entities[e].toMap().value(QStringLiteral("regionIds")).toStringList();
        return !ids.isEmpty() && std::all_of(ids.begin(), ids.end(), [&](const QString &id) { return expertRegions.contains(id); });
    };
    QString html;
    int open = -1;
    for (int i = 0; i < cps.size(); ++i) {
        if (entityAt[i] != open) {
            if (open >= 0)
                html += QStringLiteral("</a>");
            open = entityAt[i];
            if (open >= 0) {
                const int colour = m.entities[open].toMap().value(QStringLiteral("colorIndex")).toInt();
                const QColor c = RegionPalette::textColour(colour, darkTheme);
                const QString background =
                    open == highlightedEntity
                        ? QStringLiteral("; background-color:rgba(%1,%2,%3,0.25)").arg(c.red()).arg(c.green()).arg(c.blue())
                        : QString();
                html += QStringLiteral("<a href=\"%1%2\" style=\"color:%3; font-weight:600; text-decoration:%4%5%6\">")
                            .arg(kEntityLink)
                            .arg(open)
                            .arg(c.name(), open == highlightedEntity ? QStringLiteral("underline") : QStringLiteral("none"),
                                 background, fromExpert(open) ? QStringLiteral("; font-style:italic") : QString());
            }
        }
        const char32_t c = cps[i];
        html += QString::fromUcs4(&c, 1).toHtmlEscaped();
    }
    if (open >= 0)
        html += QStringLiteral("</a>");
    // Set-of-Mark citations: "[3]", "mark 3" or "Mark #3" in an answer links to mark 3, outside the phrases'
    // links (text inside one is followed by its "</a>" before any other tag; the text itself has no "<")
    static const QRegularExpression markRef(QStringLiteral("(\\[(\\d{1,3})\\]|\\bmarks? ?#?(\\d{1,3})\\b)(?![^<]*</a>)"),
                                            QRegularExpression::CaseInsensitiveOption);
    QString linked;
    qsizetype from = 0;
    for (QRegularExpressionMatchIterator it = markRef.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString number = m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
        linked += html.mid(from, m.capturedStart() - from) +
                  QStringLiteral("<a href=\"%1%2\" style=\"font-weight:600\">%3</a>").arg(kMarkLink, number, m.captured(1));
        from = m.capturedEnd();
    }
    return linked + html.mid(from);
}
