#pragma once

#include "regionwindow.h"

#include <QPointer>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

#include <atomic>

// Paints, in one item, the regions that RegionWindow leaves without a canvas item of their own: outline and
// fill of boxes and polygons, a dot for points and marks. Memory per region is what the model holds, and a
// repaint costs one pass over the regions.
class RegionLayer : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(RegionWindow *regionWindow READ regionWindow WRITE setRegionWindow NOTIFY regionWindowChanged)
    Q_PROPERTY(qreal zoom MEMBER m_zoom WRITE setZoom NOTIFY viewChanged)
    Q_PROPERTY(qreal offsetX MEMBER m_offsetX WRITE setOffsetX NOTIFY viewChanged)
    Q_PROPERTY(qreal offsetY MEMBER m_offsetY WRITE setOffsetY NOTIFY viewChanged)
    Q_PROPERTY(bool showUserRegions MEMBER m_showUser WRITE setShowUser NOTIFY viewChanged)
    Q_PROPERTY(bool showModelRegions MEMBER m_showModel WRITE setShowModel NOTIFY viewChanged)
    Q_PROPERTY(qreal fillOpacity MEMBER m_fillOpacity WRITE setFillOpacity NOTIFY viewChanged)
    // how many regions the last paint drew; no change signal, as paint() runs on the render thread
    Q_PROPERTY(int painted READ painted)

public:
    explicit RegionLayer(QQuickItem *parent = nullptr);

    [[nodiscard]] RegionWindow *regionWindow() const { return m_window; }
    void setRegionWindow(RegionWindow *window);
    void setZoom(qreal v) { setView(m_zoom, v); }
    void setOffsetX(qreal v) { setView(m_offsetX, v); }
    void setOffsetY(qreal v) { setView(m_offsetY, v); }
    void setShowUser(bool v) { setView(m_showUser, v); }
    void setShowModel(bool v) { setView(m_showModel, v); }
    void setFillOpacity(qreal v) { setView(m_fillOpacity, v); }
    [[nodiscard]] int painted() const { return m_painted; }

    void paint(QPainter *painter) override;

signals:
    void regionWindowChanged();
    void viewChanged();

private:
    template <typename T> void setView(T &field, T value)
    {
        if (field == value)
            return;
        field = value;
        emit viewChanged();
        update();
    }

    QPointer<RegionWindow> m_window;
    qreal m_zoom = 1, m_offsetX = 0, m_offsetY = 0, m_fillOpacity = 0.18;
    bool m_showUser = true, m_showModel = true;
    std::atomic<int> m_painted = 0;
};
