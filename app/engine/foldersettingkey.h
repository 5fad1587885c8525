#pragma once

#include <QDir>
#include <QSet>
#include <QString>

#include <utility>

// The key a model folder's own settings (weight format, pixel budget) are kept under in the settings store: its
// absolute, clean path, so that "dir" and "dir/" are one folder.
[[nodiscard]] inline QString folderSettingKey(const QString &folder) { return QDir::cleanPath(QDir(folder).absolutePath()); }

// Every live object of type T that shows a folder's setting (GUI thread): T's constructor adds itself, its
// destructor removes itself, so a choice made in one view (the model dialog) shows in the others (Settings).
template <class T> QSet<T *> &folderSettingViews()
{
    static QSet<T *> all;
    return all;
}

// Tells every view of the folder kept under `key` that its choice changed (T has folder() and chosenChanged()).
template <class T> void announceFolderChoice(const QString &key)
{
    for (T *view : std::as_const(folderSettingViews<T>()))
        if (!view->folder().isEmpty() && folderSettingKey(view->folder()) == key)
            emit view->chosenChanged();
}
