#include "regionlayer.h"

#include "regionpalette.h"
#include "session/regionmodel.h"

#include <QPainter>
#include <QPainterPath>

RegionLayer::RegionLayer(QQuickItem *parent) : QQuickPaintedItem(parent) {}

void RegionLayer::setRegionWindow(RegionWindow *window)
{
    if (window == m_window)
        return;
    if (m_window)
        disconnect(m_window, nullptr, this, nullptr);
    m_window = window;
    if (window) {
        // the source's changes reach the window first; repaint after each choice and each edit
        connect(window, &RegionWindow::windowChanged, this, [this] { update(); });
        connect(window, &QAbstractItemModel::dataChanged, this, [this] { update(); });
        connect(window, &QAbstractItemModel::layoutChanged, this, [this] { update(); });
        connect(window, &QAbstractProxyModel::sourceModelChanged, this, [this] { update(); });
    }
    emit regionWindowChanged();
    update();
}

void RegionLayer::paint(QPainter *painter)
{
    const auto *regions = m_window ? qobject_cast<const RegionModel *>(m_window->sourceModel()) : nullptr;
    int painted = 0;
    if (regions) {
        const QRectF view(-m_offsetX / m_zoom, -m_offsetY / m_zoom, width() / m_zoom, height() / m_zoom);
        const QList<RegionItem> &items = regions->items();
        painter->setRenderHint(QPainter::Antialiasing, false);
        for (qsizetype i = 0; i < items.size(); ++i) {
            const RegionItem &r = items[i];
            if (!r.visible || !(r.fromModel ? m_showModel : m_showUser) || m_window->accepts(int(i)) ||
                !view.intersects(r.box.adjusted(-1, -1, 1, 1)))
                continue;
            const QColor tint = RegionPalette::regionColour(r.colorIndex);
            QColor fill = tint;
            fill.setAlphaF(float(m_fillOpacity));
            // the grounding expert's boxes dashed, as their canvas items are (RegionShape.qml)
            painter->setPen(QPen(tint, 1, r.source == QLatin1String("expert") ? Qt::DashLine : Qt::SolidLine));
            painter->setBrush(r.maskRle.isEmpty() ? QBrush(fill) : Qt::NoBrush);
            const auto toView = [this](const QPointF &p) { return QPointF(p.x() * m_zoom + m_offsetX, p.y() * m_zoom + m_offsetY); };
            if ((r.kind == QLatin1String("point") || r.kind == QLatin1String("mark")) && !r.points.isEmpty()) {
                painter->setBrush(tint);
                painter->drawEllipse(toView(r.points.first()), 4, 4);
            } else if ((r.kind == QLatin1String("polygon") || r.kind == QLatin1String("quad")) && r.points.size() > 2) {
                QPolygonF outline;
                outline.reserve(r.points.size());
                for (const QPointF &p : r.points)
                    outline << toView(p);
                painter->drawPolygon(outline);
            } else {
                painter->drawRect(QRectF(toView(r.box.topLeft()), toView(r.box.bottomRight())));
            }
            ++painted;
        }
    }
    m_painted = painted;
}
