#include "heatmaplayer.h"

#include "core/heatmap.h"

#include <QFontMetrics>
#include <QPainter>

HeatmapLayer::HeatmapLayer(QQuickItem *parent) : QQuickPaintedItem(parent) {}

QColor HeatmapLayer::colorOf(qreal t) const
{
    gc::ColorMap map = gc::ColorMap::Viridis;
    (void)gc::parseColorMap(m_colorMap.toStdString(), map);
    const auto c = gc::heatColor(map, t);
    return QColor(c[0], c[1], c[2]);
}

void HeatmapLayer::paint(QPainter *painter)
{
    if (m_rows <= 0 || m_cols <= 0 || m_values.size() != qsizetype(m_rows) * m_cols)
        return;
    const qreal w = width() / m_cols, h = height() / m_rows;
    QFont font = painter->font();
    font.setPixelSize(qMax(8, int(h / 3)));
    painter->setFont(font);
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_cols; ++c) {
            const qsizetype i = qsizetype(r) * m_cols + c;
            // cell edges on whole pixels, so that neighbouring cells neither overlap nor leave a seam
            const QRectF cell(QPointF(qRound(c * w), qRound(r * h)), QPointF(qRound((c + 1) * w), qRound((r + 1) * h)));
            const QColor colour = colorOf(m_values[i]);
            painter->fillRect(cell, colour);
            if (m_showLabels && i < m_labels.size()) {
                painter->setPen(colour.lightnessF() > 0.5 ? Qt::black : Qt::white);
                // a token longer than its cell is elided, so that each cell shows its own token only
                const QString text = painter->fontMetrics().elidedText(m_labels[i].trimmed(), Qt::ElideRight,
                                                                       int(cell.width()) - 2);
                painter->drawText(cell, Qt::AlignCenter, text);
            }
        }
}
