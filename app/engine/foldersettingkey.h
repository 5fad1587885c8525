#pragma once

#include <QDir>
#include <QString>

// The key a model folder's own settings (weight format, pixel budget) are kept under in the settings store: its
// absolute, clean path, so that "dir" and "dir/" are one folder.
[[nodiscard]] inline QString folderSettingKey(const QString &folder) { return QDir::cleanPath(QDir(folder).absolutePath()); }
