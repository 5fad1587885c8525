#pragma once

#include "documentstate.h"

#include "itemlistmodel.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

// The regions of the current image, for the canvas and the region list.
class RegionModel : public ItemListModel<RegionItem>
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by the session")

public:
    enum class Role {
        RegionId = Qt::UserRole + 1,
        Kind,
        FromModel,
        Accepted,
        Label,
        ColorIndex,
        Box,
        Points,
        Positive,
        MarkNumber,
        Visible,
        MessageIndex,
        EntityIndex,
        MaskSource, // image URL of the mask overlay ("" when the region has no mask)
        Source,     // RegionItem::source: "ocr", "expert", "proposal" or ""
    };
    Q_ENUM(Role)

    using ItemListModel::ItemListModel;

    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE int rowOf(const QString &id) const;

};
