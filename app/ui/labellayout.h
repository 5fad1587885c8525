#pragma once

#include <QObject>
#include <QRectF>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <vector>

// Where the canvas puts region labels so that they overlap neither each other nor a point's or mark's badge,
// and stay on the visible image.
// Each label tries spots around its region (a box: above, inside the top, below, inside the bottom, at the
// left edge, then the right; a point or mark: right, left, above, below its badge), slides down or up past
// the labels placed before it when every spot is taken, and as a last resort takes the spot that overlaps
// least. Earlier labels keep their places, so the first regions' labels stay put while others move.
class LabelLayout : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
public:
    struct Label {
        QRectF anchor;      // the region's box, or a point's or mark's badge, in view coordinates
        QSizeF size;        // the label's size
        bool beside = false; // a point or mark: the label goes beside the badge rather than along a box edge
    };

    using QObject::QObject;

    [[nodiscard]] static std::vector<QRectF> place(const std::vector<Label> &labels, const QRectF &bounds);

    // `labels`: objects {anchor: rect, size: size, beside: bool}; returns one rect per label, in order.
    Q_INVOKABLE QVariantList layout(const QVariantList &labels, const QRectF &bounds) const;
};
