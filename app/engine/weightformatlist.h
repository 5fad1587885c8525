#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

// The weight formats a model folder can be loaded in, with the memory each needs (runtime::weightBudget, read
// from the checkpoint's header off the GUI thread), and the one remembered for that folder in the settings
// store. For the model picker and Settings: set folder, show the rows, choose() one.
class WeightFormatList : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString folder READ folder WRITE setFolder NOTIFY folderChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    // Why the folder's formats could not be read ("" when they could).
    Q_PROPERTY(QString errorText READ errorText NOTIFY listChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY listChanged)
    // The format remembered for the folder ("f32" when none is), and its row (-1 while none is listed).
    Q_PROPERTY(QString chosen READ chosen NOTIFY chosenChanged)
    Q_PROPERTY(int chosenRow READ chosenRow NOTIFY chosenChanged)

public:
    enum class Role {
        Format = Qt::UserRole + 1, // "f32", "bf16", "f16", "q8", "q4"
        Label,                     // what it is, for people ("8-bit")
        Bytes,                     // the weights' bytes in memory
        Memory,                    // the same, for people ("12.5 MiB")
        Text,                      // label and memory in one line, for a combo box
    };
    Q_ENUM(Role)

    explicit WeightFormatList(QObject *parent = nullptr);
    ~WeightFormatList() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString folder() const { return m_folder; }
    void setFolder(const QString &folder);
    [[nodiscard]] bool loading() const { return m_loading; }
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] QString chosen() const { return remembered(m_folder); }
    [[nodiscard]] int chosenRow() const;

    // Remembers `format` for the folder (one of the rows' formats; others are ignored).
    Q_INVOKABLE void choose(const QString &format);
    // The format at `row` ("" when out of range).
    Q_INVOKABLE QString formatAt(int row) const;

    // The format remembered for a model folder, "f32" when none is.
    [[nodiscard]] static QString remembered(const QString &folder);
    // How the UI names a format ("8-bit (q8)") and a number of bytes ("12.5 MiB").
    [[nodiscard]] static QString label(const QString &format);
    [[nodiscard]] static QString memoryText(qint64 bytes);

signals:
    void folderChanged();
    void loadingChanged();
    void listChanged();
    void chosenChanged();

private:
    struct Row {
        QString format;
        qint64 bytes = 0;
    };
    void refresh();
    void setRows(quint64 generation, const QList<Row> &rows, const QString &error);

    QString m_folder;
    QList<Row> m_rows;
    QString m_errorText;
    bool m_loading = false;
    quint64 m_generation = 0; // the folder's latest reading: older ones that end later are dropped
};
