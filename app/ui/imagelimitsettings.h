#pragma once

// The largest image the app decodes, for the Settings dialog: megapixels over ImageLimit's setting
// ("images/maxPixels"). A change takes effect at once, Qt's own readers' allocation limit included.

#include <QObject>
#include <QtQml/qqmlregistration.h>

class ImageLimitSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int megapixels READ megapixels WRITE setMegapixels NOTIFY megapixelsChanged)
    Q_PROPERTY(int defaultMegapixels READ defaultMegapixels CONSTANT)

public:
    using QObject::QObject;
    [[nodiscard]] int megapixels() const;
    void setMegapixels(int megapixels);
    [[nodiscard]] int defaultMegapixels() const;

signals:
    void megapixelsChanged();
};
