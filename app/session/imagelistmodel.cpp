#include "imagelistmodel.h"

#include "imagelimit.h"

#include <QFileInfo>

int ImageListModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_items.size()); }

QVariant ImageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ImageEntry &e = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case int(Role::Name): return QFileInfo(e.path).fileName();
    case int(Role::Path): return e.path;
    case int(Role::Url):
        if (e.pending)
            return QUrl(); // nothing may load it yet
        return e.path.startsWith(QLatin1String(":/")) ? QUrl(QStringLiteral("qrc") + e.path) : QUrl::fromLocalFile(e.path);
    case int(Role::ImageSize): return e.size;
    case int(Role::Pending): return e.pending;
    case int(Role::Problem): return e.problem;
    case int(Role::WithinLimit):
        // a pending image's file is not opened, its header included; it has no thumbnail to make anyway
        return !e.pending && ImageLimit::problem(e.path, ImageLimit::maxPixels()).isEmpty();
    }
    return {};
}

QHash<int, QByteArray> ImageListModel::roleNames() const
{
    return {{int(Role::Path), "path"}, {int(Role::Url), "url"}, {int(Role::Name), "name"}, {int(Role::ImageSize), "imageSize"},
            {int(Role::Pending), "pending"}, {int(Role::Problem), "problem"}, {int(Role::WithinLimit), "withinLimit"}};
}

void ImageListModel::setItems(const QList<ImageEntry> &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

void ImageListModel::append(const ImageEntry &e)
{
    beginInsertRows({}, int(m_items.size()), int(m_items.size()));
    m_items.append(e);
    endInsertRows();
}

void ImageListModel::replace(int row, const ImageEntry &e)
{
    if (row < 0 || row >= m_items.size() || m_items[row] == e)
        return;
    m_items[row] = e;
    emit dataChanged(index(row), index(row));
}

void ImageListModel::removeAt(int row)
{
    if (row < 0 || row >= m_items.size())
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
}
