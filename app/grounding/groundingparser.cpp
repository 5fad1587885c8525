#include "groundingparser.h"

#include "dialects/registry.h"
#include "regionpalette.h"

#include <QRectF>

#include <algorithm>

GroundingParser::GroundingParser(QObject *parent) : QObject(parent) {}

void GroundingParser::setDialect(const QString &id)
{
    if (id == m_dialect)
        return;
    m_dialect = id;
    emit dialectChanged();
    update();
}

void GroundingParser::setRawText(const QString &text)
{
    if (text == m_rawText)
        return;
    m_rawText = text;
    emit rawTextChanged();
    update();
}

void GroundingParser::setImageSize(const QSize &size)
{
    if (size == m_imageSize)
        return;
    m_imageSize = size;
    emit imageSizeChanged();
    update();
}

void GroundingParser::setTask(const QString &task)
{
    if (task == m_task)
        return;
    m_task = task;
    emit taskChanged();
    update();
}

namespace {

QVariantList flatPoints(const std::vector<gc::PointF> &pts)
{
    QVariantList out;
    for (const gc::PointF &p : pts)
        out << QVariant::fromValue(QPointF(p.x, p.y));
    return out;
}

} // namespace

void GroundingParser::update()
{
    m_entities.clear();
    m_diagnostics.clear();
    m_regionCount = 0;
    const gc::Dialect *dialect = gc::dialects::find(m_dialect.toStdString());
    if (!dialect) {
        m_cleanText = m_rawText;
        m_diagnostics << tr("Unknown dialect: %1").arg(m_dialect);
        emit resultChanged();
        return;
    }
    gc::DecodeOptions options;
    options.imageSize = {m_imageSize.width(), m_imageSize.height()};
    options.task = m_task.toStdString();
    gc::GroundedText result = dialect->decode(m_rawText.toStdString(), options);
    if (result.normalized && options.imageSize.isValid())
        result = result.toPixels(options.imageSize);
    m_cleanText = QString::fromStdString(result.text);
    int colour = 0;
    for (const gc::Entity &e : result.entities) {
        QVariantList regions;
        for (const gc::Region &r : e.regions) {
            QVariantMap region;
            region[QStringLiteral("kind")] = QString::fromLatin1(gc::regionKindName(r.kind));
            region[QStringLiteral("box")] = QRectF(QPointF(r.box.x1, r.box.y1), QPointF(r.box.x2, r.box.y2));
            region[QStringLiteral("points")] = flatPoints(r.points);
            region[QStringLiteral("clamped")] = r.clamped;
            regions << region;
            ++m_regionCount;
        }
        QVariantMap entity;
        entity[QStringLiteral("phrase")] = QString::fromStdString(e.phrase);
        entity[QStringLiteral("spanBegin")] = e.hasSpan ? int(e.span.begin) : -1;
        entity[QStringLiteral("spanEnd")] = e.hasSpan ? int(e.span.end) : -1;
        entity[QStringLiteral("colorIndex")] = colour++;
        entity[QStringLiteral("regions")] = regions;
        m_entities << entity;
    }
    for (const gc::Diagnostic &d : result.diagnostics)
        m_diagnostics << QString::fromStdString(d.message);
    emit resultChanged();
}

QString GroundingParser::formatBox(const QRectF &box, const QString &phrase) const
{
    const gc::Dialect *dialect = gc::dialects::find(m_dialect.toStdString());
    if (!dialect)
        return {};
    gc::EncodeRequest request;
    request.imageSize = {m_imageSize.width(), m_imageSize.height()};
    request.phrase = phrase.toStdString();
    gc::PromptRegion region;
    region.box = {box.left(), box.top(), box.right(), box.bottom()};
    request.regions.push_back(region);
    const gc::EncodeResult r = dialect->encode(request);
    return r.ok ? QString::fromStdString(r.text) : QString();
}

QString GroundingParser::highlightedText() const
{
    // Spans count code points; QString indexes UTF-16 units, so walk both together.
    const QList<uint> cps = m_cleanText.toUcs4();
    QVector<int> colourAt(cps.size(), -1);
    for (const QVariant &v : m_entities) {
        const QVariantMap e = v.toMap();
        const int b = e.value(QStringLiteral("spanBegin")).toInt();
        const int end = e.value(QStringLiteral("spanEnd")).toInt();
        for (int i = std::max(0, b); i < std::min<int>(end, int(cps.size())); ++i)
            colourAt[i] = e.value(QStringLiteral("colorIndex")).toInt();
    }
    QString html;
    int open = -1;
    for (int i = 0; i < cps.size(); ++i) {
        if (colourAt[i] != open) {
            if (open >= 0)
                html += QStringLiteral("</b></span>");
            open = colourAt[i];
            if (open >= 0)
                html += QStringLiteral("<span style=\"color:%1\"><b>").arg(RegionPalette::regionColour(open).name());
        }
        const char32_t c = cps[i];
        html += QString::fromUcs4(&c, 1).toHtmlEscaped();
    }
    if (open >= 0)
        html += QStringLiteral("</b></span>");
    return html;
}
