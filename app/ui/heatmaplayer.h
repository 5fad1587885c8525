#pragma once

#include <QColor>
#include <QQuickPaintedItem>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

// A heat map over the image canvas: rows × cols cells filling the item (the canvas places it over the part of
// the image the cells cover), each cell painted the colour map's colour of its value (0..1, clamped), and
// optionally a label (the logit lens's top token) drawn in it. Opacity is the item's.
class HeatmapLayer : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int rows MEMBER m_rows WRITE setRows NOTIFY changed)
    Q_PROPERTY(int cols MEMBER m_cols WRITE setCols NOTIFY changed)
    Q_PROPERTY(QList<qreal> values MEMBER m_values WRITE setValues NOTIFY changed)
    Q_PROPERTY(QStringList labels MEMBER m_labels WRITE setLabels NOTIFY changed)
    Q_PROPERTY(bool showLabels MEMBER m_showLabels WRITE setShowLabels NOTIFY changed)
    // "viridis", "inferno", "turbo" or "gray" (core/heatmap.h)
    Q_PROPERTY(QString colorMap MEMBER m_colorMap WRITE setColorMap NOTIFY changed)

public:
    explicit HeatmapLayer(QQuickItem *parent = nullptr);

    void setRows(int v) { set(m_rows, v); }
    void setCols(int v) { set(m_cols, v); }
    void setValues(const QList<qreal> &v) { set(m_values, v); }
    void setLabels(const QStringList &v) { set(m_labels, v); }
    void setShowLabels(bool v) { set(m_showLabels, v); }
    void setColorMap(const QString &v) { set(m_colorMap, v); }
    // The colour of value t in the current colour map, for legends.
    Q_INVOKABLE QColor colorOf(qreal t) const;

    void paint(QPainter *painter) override;

signals:
    void changed();

private:
    template <typename T> void set(T &field, const T &value)
    {
        if (field == value)
            return;
        field = value;
        emit changed();
        update();
    }

    int m_rows = 0, m_cols = 0;
    QList<qreal> m_values;
    QStringList m_labels;
    bool m_showLabels = false;
    QString m_colorMap = QStringLiteral("viridis");
};
