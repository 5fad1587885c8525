#pragma once

#include "documentstate.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

// The regions of the current image, for the canvas and the region list.
class RegionModel : public QAbstractListModel
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
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] const QList<RegionItem> &items() const { return m_items; }
    void setItems(const QList<RegionItem> &items);
    void append(const RegionItem &item);
    void replace(int row, const RegionItem &item);
    Q_INVOKABLE int rowOf(const QString &id) const;

private:
    QList<RegionItem> m_items;
};
