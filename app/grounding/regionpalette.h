#pragma once

#include <QColor>
#include <QObject>
#include <QtQml/qqmlregistration.h>

// The stable colours of regions and their phrases, for the views.
class RegionPalette : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
public:
    using QObject::QObject;
    Q_INVOKABLE QColor color(int index) const;
};
