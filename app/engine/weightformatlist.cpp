#include "weightformatlist.h"

#include "foldersettingkey.h"
#include "runtime/weight_budget.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <QPointer>
#include <QSet>
#include <QSettings>
#include <QThreadPool>

#include <algorithm>

namespace {
const QString kFormats = QStringLiteral("model/weightFormats"); // folder → format
const QString kDefault = QStringLiteral("f32");
} // namespace

WeightFormatList::WeightFormatList(QObject *parent) : QAbstractListModel(parent) { folderSettingViews<WeightFormatList>().insert(this); }

WeightFormatList::~WeightFormatList() { folderSettingViews<WeightFormatList>().remove(this); }

int WeightFormatList::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant WeightFormatList::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    switch (Role(role)) {
    case Role::Format: return row.format;
    case Role::Label: return label(row.format);
    case Role::Bytes: return row.bytes;
    case Role::Memory: return memoryText(row.bytes);
    case Role::Text: return tr("%1: %2").arg(label(row.format), memoryText(row.bytes));
    }
    return role == Qt::DisplayRole ? QVariant(label(row.format)) : QVariant();
}

QHash<int, QByteArray> WeightFormatList::roleNames() const
{
    return {{int(Role::Format), "format"},
            {int(Role::Label), "label"},
            {int(Role::Bytes), "bytes"},
            {int(Role::Memory), "memory"},
            {int(Role::Text), "text"}};
}

void WeightFormatList::setFolder(const QString &folder)
{
    if (folder == m_folder)
        return;
    m_folder = folder;
    emit folderChanged();
    emit chosenChanged();
    refresh();
}

void WeightFormatList::refresh()
{
    const quint64 generation = ++m_generation;
    if (m_folder.isEmpty()) {
        setRows(generation, {}, {});
        return;
    }
    m_loading = true;
    emit loadingChanged();
    // a checkpoint in pytorch_model.bin form is parsed whole to learn its shapes: never on the GUI thread
    QThreadPool::globalInstance()->start([self = QPointer(this), generation, folder = m_folder] {
        const gc::runtime::WeightBudget budget = gc::runtime::weightBudget(QDir(folder).absolutePath().toStdString());
        QList<Row> rows;
        for (const gc::runtime::FormatBytes &f : budget.formats)
            rows.append({QString::fromStdString(f.format), f.bytes});
        const QString error = budget.status.ok() ? QString() : QString::fromStdString(budget.status.message);
        // through the application object, which outlives the list: the list may be gone by now
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, rows, error] {
                if (self)
                    self->setRows(generation, rows, error);
            },
            Qt::QueuedConnection);
    });
}

void WeightFormatList::setRows(quint64 generation, const QList<Row> &rows, const QString &error)
{
    if (generation != m_generation)
        return;
    beginResetModel();
    m_rows = rows;
    m_errorText = error.isEmpty() ? QString() : tr("The model's weight formats could not be read: %1").arg(error);
    endResetModel();
    if (m_loading) {
        m_loading = false;
        emit loadingChanged();
    }
    emit listChanged();
    emit chosenChanged();
}

int WeightFormatList::chosenRow() const
{
    const QString format = chosen();
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].format == format)
            return i;
    return -1;
}

void WeightFormatList::choose(const QString &format)
{
    if (m_folder.isEmpty() || format == chosen())
        return;
    if (std::none_of(m_rows.begin(), m_rows.end(), [&](const Row &r) { return r.format == format; }))
        return;
    QSettings settings;
    QVariantMap formats = settings.value(kFormats).toMap();
    const QString key = folderSettingKey(m_folder);
    formats.insert(key, format);
    settings.setValue(kFormats, formats);
    announceFolderChoice<WeightFormatList>(key);
}

QString WeightFormatList::formatAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].format : QString(); }

QString WeightFormatList::remembered(const QString &folder)
{
    if (folder.isEmpty())
        return kDefault;
    return QSettings().value(kFormats).toMap().value(folderSettingKey(folder), kDefault).toString();
}

QString WeightFormatList::label(const QString &format)
{
    if (format == QLatin1String("f32"))
        return tr("Full precision (f32)");
    if (format == QLatin1String("bf16"))
        return tr("16-bit (bf16)");
    if (format == QLatin1String("f16"))
        return tr("16-bit (f16)");
    if (format == QLatin1String("q8"))
        return tr("8-bit (q8)");
    if (format == QLatin1String("q4"))
        return tr("4-bit (q4)");
    return format;
}

QString WeightFormatList::memoryText(qint64 bytes) { return QLocale().formattedDataSize(bytes, 1); }
