#pragma once

#include <QColor>
#include <QObject>
#include <QtQml/qqmlregistration.h>

// The stable colours of regions and their phrases, for the views. Every colour is dark enough to carry white
// label text and to read as a phrase on the light theme's chat; each has a light twin for phrases on the dark
// theme, and boxes are drawn with a halo so that they stay visible on objects of their own colour. The hues
// keep away from the plain red, orange, yellow, green, blue and purple that objects (and the demo's shapes)
// are named by, so a phrase's colour does not contradict the colour word in it.
class RegionPalette : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
public:
    using QObject::QObject;

    [[nodiscard]] static int size();
    // Region `index`'s colour (any integer; the palette repeats): outlines, swatches, label backgrounds.
    [[nodiscard]] static QColor regionColour(int index);
    // The phrase colour of region `index` as text on the light or the dark theme's background.
    [[nodiscard]] static QColor textColour(int index, bool darkTheme);
    // Black or white, whichever stands out more against the region's colour: the halo around its outline.
    [[nodiscard]] static QColor haloColour(int index);
    // WCAG 2 contrast ratio of two opaque colours, 1 to 21.
    [[nodiscard]] static double contrast(const QColor &a, const QColor &b);

    Q_INVOKABLE QColor color(int index) const { return regionColour(index); }
    Q_INVOKABLE QColor textColor(int index, bool darkTheme) const { return textColour(index, darkTheme); }
    Q_INVOKABLE QColor halo(int index) const { return haloColour(index); }
};
