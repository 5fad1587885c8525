#pragma once

#include <QAbstractListModel>
#include <QList>

// The storage half of the session's list models: a QList of plain items, updated with the smallest
// change (rows changed in place keep the views' delegates; a different row count resets).
template <typename T>
class ItemListModel : public QAbstractListModel
{
public:
    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_items.size());
    }
    [[nodiscard]] const QList<T> &items() const { return m_items; }

    void setItems(const QList<T> &items)
    {
        if (items == m_items)
            return;
        if (items.size() == m_items.size()) {
            for (int i = 0; i < items.size(); ++i) {
                if (!(items[i] == m_items[i])) {
                    m_items[i] = items[i];
                    emit dataChanged(index(i), index(i));
                }
            }
            return;
        }
        beginResetModel();
        m_items = items;
        endResetModel();
    }

    void append(const T &item)
    {
        beginInsertRows({}, int(m_items.size()), int(m_items.size()));
        m_items.append(item);
        endInsertRows();
    }

    void replace(int row, const T &item)
    {
        if (row < 0 || row >= m_items.size())
            return;
        m_items[row] = item;
        emit dataChanged(index(row), index(row));
    }

protected:
    QList<T> m_items;
};
