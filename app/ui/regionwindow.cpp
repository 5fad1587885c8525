#include "regionwindow.h"

#include "session/regionmodel.h"

#include <QSet>

#include <limits>

RegionWindow::RegionWindow(QObject *parent) : QSortFilterProxyModel(parent)
{
    m_recompute.setSingleShot(true);
    m_recompute.setInterval(0);
    connect(&m_recompute, &QTimer::timeout, this, &RegionWindow::recompute);
    connect(this, &QAbstractItemModel::rowsInserted, this, &RegionWindow::windowChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &RegionWindow::windowChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &RegionWindow::windowChanged);
}

void RegionWindow::setSourceModel(QAbstractItemModel *model)
{
    if (sourceModel())
        disconnect(sourceModel(), nullptr, this, nullptr);
    m_accepted.clear();
    QSortFilterProxyModel::setSourceModel(model);
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &RegionWindow::recomputeLater);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RegionWindow::recomputeLater);
        connect(model, &QAbstractItemModel::modelReset, this, &RegionWindow::recomputeLater);
        connect(model, &QAbstractItemModel::dataChanged, this, &RegionWindow::recomputeLater);
    }
    recompute();
}

void RegionWindow::setViewport(const QRectF &viewport)
{
    if (viewport == m_viewport)
        return;
    m_viewport = viewport;
    emit viewportChanged();
    recomputeLater();
}

void RegionWindow::setLimit(int limit)
{
    if (limit == m_limit)
        return;
    m_limit = limit;
    emit limitChanged();
    recompute();
}

void RegionWindow::setPinned(const QStringList &pinned)
{
    if (pinned == m_pinned)
        return;
    m_pinned = pinned;
    emit pinnedChanged();
    recompute();
}

bool RegionWindow::accepts(int row) const
{
    // rows the source added since the last choice: items while the regions are few, until the next choice
    return row >= 0 && size_t(row) < m_accepted.size() ? bool(m_accepted[size_t(row)]) : total() <= m_limit;
}

QString RegionWindow::paintedRegionAt(const QPointF &imagePoint, bool showUser, bool showModel) const
{
    const auto *regions = qobject_cast<const RegionModel *>(sourceModel());
    if (!regions)
        return {};
    QString best;
    double bestArea = std::numeric_limits<double>::infinity();
    const QList<RegionItem> &items = regions->items();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const RegionItem &r = items[i];
        const double area = r.box.width() * r.box.height();
        if (!accepts(int(i)) && r.visible && (r.fromModel ? showModel : showUser) && area < bestArea &&
            r.box.adjusted(-2, -2, 2, 2).contains(imagePoint)) {
            best = r.id;
            bestArea = area;
        }
    }
    return best;
}

bool RegionWindow::filterAcceptsRow(int sourceRow, const QModelIndex &) const { return accepts(sourceRow); }

void RegionWindow::recomputeLater() { m_recompute.start(); }

void RegionWindow::recompute()
{
    m_recompute.stop();
    const auto *regions = qobject_cast<const RegionModel *>(sourceModel());
    const QList<RegionItem> none;
    const QList<RegionItem> &items = regions ? regions->items() : none;
    std::vector<bool> accepted(size_t(items.size()), items.size() <= m_limit);
    if (items.size() > m_limit) {
        const QSet<QString> pinned(m_pinned.cbegin(), m_pinned.cend());
        int taken = 0;
        for (qsizetype i = 0; i < items.size() && taken < m_limit && !pinned.isEmpty(); ++i)
            if (pinned.contains(items[i].id)) {
                accepted[size_t(i)] = true;
                ++taken;
            }
        for (qsizetype i = 0; i < items.size() && taken < m_limit; ++i) {
            // a point's box is empty: it is in view when its place is
            const QRectF &b = items[i].box;
            if (!accepted[size_t(i)] && m_viewport.intersects(b.adjusted(-0.5, -0.5, 0.5, 0.5))) {
                accepted[size_t(i)] = true;
                ++taken;
            }
        }
    }
    if (accepted == m_accepted)
        return;
    m_accepted = std::move(accepted);
    invalidateFilter();
    emit windowChanged();
}
