#include "regionmodel.h"

#include "regionpalette.h"

#include <QUrl>

QVariant RegionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RegionItem &r = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return r.label.isEmpty() ? r.id : r.id + QStringLiteral(" ") + r.label;
    case int(Role::RegionId): return r.id;
    case int(Role::Kind): return r.kind;
    case int(Role::FromModel): return r.fromModel;
    case int(Role::Accepted): return r.accepted;
    case int(Role::Label): return r.label;
    case int(Role::ColorIndex): return r.colorIndex;
    case int(Role::Box): return r.box;
    case int(Role::Points): {
        QVariantList pts;
        for (const QPointF &p : r.points)
            pts << p;
        return pts;
    }
    case int(Role::Positive): return r.positive;
    case int(Role::MarkNumber): return r.markNumber;
    case int(Role::Visible): return r.visible;
    case int(Role::MessageIndex): return r.messageIndex;
    case int(Role::EntityIndex): return r.entityIndex;
    case int(Role::Source): return r.source;
    case int(Role::MaskSource):
        if (r.maskRle.isEmpty())
            return QString();
        return QStringLiteral("image://gcmask/%1/%2x%3/%4")
            .arg(RegionPalette::regionColour(r.colorIndex).name().mid(1))
            .arg(r.maskSize.width())
            .arg(r.maskSize.height())
            .arg(QString::fromLatin1(QUrl::toPercentEncoding(r.maskRle)));
    }
    return {};
}

QHash<int, QByteArray> RegionModel::roleNames() const
{
    return {{int(Role::RegionId), "regionId"},     {int(Role::Kind), "kind"},
            {int(Role::FromModel), "fromModel"},   {int(Role::Accepted), "accepted"},
            {int(Role::Label), "label"},           {int(Role::ColorIndex), "colorIndex"},
            {int(Role::Box), "box"},               {int(Role::Points), "points"},
            {int(Role::Positive), "positive"},     {int(Role::MarkNumber), "markNumber"},
            {int(Role::Visible), "regionVisible"}, {int(Role::MessageIndex), "messageIndex"},
            {int(Role::EntityIndex), "entityIndex"}, {int(Role::MaskSource), "maskSource"},
            {int(Role::Source), "source"}};
}


int RegionModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_items.size(); ++i)
        if (m_items[i].id == id)
            return i;
    return -1;
}
