#include "dialectlistmodel.h"

#include "dialects/registry.h"

DialectListModel::DialectListModel(QObject *parent)
    : QAbstractListModel(parent), m_dialects(gc::dialects::all())
{
}

int DialectListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_dialects.size());
}

QVariant DialectListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const gc::DialectInfo &info = m_dialects[size_t(index.row())]->info();
    switch (role) {
    case Qt::DisplayRole:
    case int(Role::Name):
        return QString::fromStdString(info.displayName);
    case int(Role::Id):
        return QString::fromStdString(info.id);
    case int(Role::Coordinates):
        return QString::fromLatin1(gc::coordSpaceName(info.space));
    case int(Role::Capabilities): {
        QStringList caps;
        const gc::DialectCaps &c = info.caps;
        if (c.boxIn) caps << QStringLiteral("box in");
        if (c.boxOut) caps << QStringLiteral("box out");
        if (c.pointIn) caps << QStringLiteral("point in");
        if (c.pointOut) caps << QStringLiteral("point out");
        if (c.polygonOut) caps << QStringLiteral("polygons");
        if (c.maskOut) caps << QStringLiteral("masks");
        if (c.proposals) caps << QStringLiteral("proposals");
        return caps.join(QStringLiteral(", "));
    }
    case int(Role::BoxIn):
        return info.caps.boxIn;
    case int(Role::PointIn):
        return info.caps.pointIn;
    }
    return {};
}

QHash<int, QByteArray> DialectListModel::roleNames() const
{
    return {{int(Role::Id), "dialectId"},         {int(Role::Name), "name"},
            {int(Role::Coordinates), "coordinates"}, {int(Role::Capabilities), "capabilities"},
            {int(Role::BoxIn), "boxIn"},           {int(Role::PointIn), "pointIn"}};
}

int DialectListModel::indexOf(const QString &id) const
{
    const std::string key = id.toStdString();
    for (size_t i = 0; i < m_dialects.size(); ++i)
        if (m_dialects[i]->info().id == key)
            return int(i);
    return -1;
}
