#pragma once

#include <QRectF>
#include <QSortFilterProxyModel>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <vector>

// The regions the canvas draws as full items (outline, label, handles, mouse areas): all of them while they are
// few; beyond `limit`, the pinned ones (selected, highlighted) and then, in drawing order, those in the viewport
// until the limit is reached. A canvas item per region costs tens of kilobytes and its label layout grows faster
// than linearly, so 20k regions as items took gigabytes; the rest are painted in one RegionLayer.
class RegionWindow : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QRectF viewport READ viewport WRITE setViewport NOTIFY viewportChanged)
    Q_PROPERTY(int limit READ limit WRITE setLimit NOTIFY limitChanged)
    Q_PROPERTY(QStringList pinned READ pinned WRITE setPinned NOTIFY pinnedChanged)
    Q_PROPERTY(int shown READ shown NOTIFY windowChanged)
    Q_PROPERTY(int total READ total NOTIFY windowChanged)

public:
    explicit RegionWindow(QObject *parent = nullptr);

    [[nodiscard]] QRectF viewport() const { return m_viewport; }
    void setViewport(const QRectF &viewport);
    [[nodiscard]] int limit() const { return m_limit; }
    void setLimit(int limit);
    [[nodiscard]] QStringList pinned() const { return m_pinned; }
    void setPinned(const QStringList &pinned);
    [[nodiscard]] int shown() const { return rowCount(); }
    [[nodiscard]] int total() const { return sourceModel() ? sourceModel()->rowCount() : 0; }
    // Whether source row `row` has a canvas item (what RegionLayer leaves out).
    [[nodiscard]] bool accepts(int row) const;
    // The id of the smallest shown region whose box holds `imagePoint` among those without an item, "" if none:
    // what a click on the painted layer picks.
    Q_INVOKABLE QString paintedRegionAt(const QPointF &imagePoint, bool showUser, bool showModel) const;

    void setSourceModel(QAbstractItemModel *model) override;

signals:
    void viewportChanged();
    void limitChanged();
    void pinnedChanged();
    void windowChanged();

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    // Chooses the rows again; coalesced, as panning moves the viewport on every mouse move.
    void recomputeLater();
    void recompute();

    QRectF m_viewport;
    int m_limit = 200;
    QStringList m_pinned;
    std::vector<bool> m_accepted;
    QTimer m_recompute;
};
