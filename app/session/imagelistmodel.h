#pragma once

#include <QAbstractListModel>
#include <QSize>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

struct ImageEntry {
    QString path;
    QSize size;
    // A path outside what the user opened (session_trust.cpp): not read until the user allows it.
    bool pending = false;
    // Why the image cannot be shown ("" while it can, or before it was looked at).
    QString problem;
    bool operator==(const ImageEntry &o) const
    {
        return path == o.path && size == o.size && pending == o.pending && problem == o.problem;
    }
};

// The images of a session, for the thumbnail strip.
class ImageListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by the session")
public:
    // WithinLimit: the file's header declares no more pixels than the app decodes (a thumbnail may be made)
    enum class Role { Path = Qt::UserRole + 1, Url, Name, ImageSize, Pending, Problem, WithinLimit };
    Q_ENUM(Role)
    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] const QList<ImageEntry> &items() const { return m_items; }
    void setItems(const QList<ImageEntry> &items);
    void append(const ImageEntry &e);
    void replace(int row, const ImageEntry &e);
    void removeAt(int row);

private:
    QList<ImageEntry> m_items;
};
