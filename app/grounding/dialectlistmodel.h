#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace gc {
class Dialect;
}

// Every dialect of the grounding core, for pickers in the UI.
class DialectListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT

public:
    enum class Role {
        Id = Qt::UserRole + 1,
        Name,
        Coordinates,
        Capabilities,
        BoxIn,
        PointIn,
    };
    Q_ENUM(Role)

    explicit DialectListModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE int indexOf(const QString &id) const;

private:
    std::vector<const gc::Dialect *> m_dialects;
};
