#pragma once

// Images built into the app are Qt resources (":/demo/scenes/scene-1.png"), which no other tool can open:
// their bytes, for the copies an annotation export writes beside its files (gc::annot::ExportOptions). A
// resource that is no image (Qt's own data files are resources too) is never copied: nullopt.

#include "image_bytes.h"

#include <QFile>
#include <QString>

#include <optional>
#include <string>

inline std::optional<std::string> readEmbeddedImage(const std::string &path)
{
    QString name = QString::fromStdString(path);
    if (name.startsWith(QLatin1String("qrc:/")))
        name.remove(0, 3);
    QFile file(name);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    if (!decodesAsImage(bytes))
        return std::nullopt;
    return bytes.toStdString();
}
