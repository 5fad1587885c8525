#include "pixelbudgetsetting.h"

#include "foldersettingkey.h"
#include "runtime/pixel_budget.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>
#include <QSet>
#include <QSettings>
#include <QThreadPool>

namespace {
const QString kBudgets = QStringLiteral("model/pixelBudgets"); // folder → [min, max]
} // namespace

PixelBudgetSetting::PixelBudgetSetting(QObject *parent) : QObject(parent) { folderSettingViews<PixelBudgetSetting>().insert(this); }

PixelBudgetSetting::~PixelBudgetSetting() { folderSettingViews<PixelBudgetSetting>().remove(this); }

void PixelBudgetSetting::setFolder(const QString &folder)
{
    if (folder == m_folder)
        return;
    m_folder = folder;
    emit folderChanged();
    emit chosenChanged();
    refresh();
}

void PixelBudgetSetting::setImageSize(const QSize &size)
{
    if (size == m_imageSize)
        return;
    m_imageSize = size;
    emit imageSizeChanged();
}

void PixelBudgetSetting::refresh()
{
    const quint64 generation = ++m_generation;
    m_applies = false;
    m_loading = !m_folder.isEmpty();
    emit budgetChanged();
    if (m_folder.isEmpty())
        return;
    // the folder's config files are read off the GUI thread: it may sit on a slow or network disk
    QThreadPool::globalInstance()->start([self = QPointer(this), generation, folder = m_folder] {
        const gc::runtime::PixelBudget b = gc::runtime::pixelBudget(QDir(folder).absolutePath().toStdString());
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, b] {
                if (!self || generation != self->m_generation)
                    return;
                self->m_loading = false;
                self->m_applies = b.applies;
                self->m_defaultMin = b.minPixels;
                self->m_defaultMax = b.maxPixels;
                self->m_patchSize = b.patchSize;
                self->m_mergeSize = b.mergeSize;
                const qint64 side = b.patchSize * b.mergeSize;
                self->m_tokenPixels = side * side;
                emit self->budgetChanged();
                emit self->chosenChanged();
            },
            Qt::QueuedConnection);
    });
}

qint64 PixelBudgetSetting::minPixels() const
{
    const qint64 chosen = remembered(m_folder).first;
    return chosen > 0 ? chosen : m_defaultMin;
}

qint64 PixelBudgetSetting::maxPixels() const
{
    const qint64 chosen = remembered(m_folder).second;
    return chosen > 0 ? chosen : m_defaultMax;
}

int PixelBudgetSetting::tokensFor(qint64 minPixels, qint64 maxPixels) const
{
    if (!m_applies)
        return 0;
    gc::runtime::PixelBudget b;
    b.applies = true;
    b.minPixels = m_defaultMin;
    b.maxPixels = m_defaultMax;
    b.patchSize = m_patchSize;
    b.mergeSize = m_mergeSize;
    return int(gc::runtime::imageTokens(b, {m_imageSize.width(), m_imageSize.height()}, minPixels, maxPixels));
}

bool PixelBudgetSetting::choose(qint64 minPixels, qint64 maxPixels)
{
    if (!m_applies || minPixels < m_tokenPixels || maxPixels < minPixels)
        return false;
    if (minPixels == m_defaultMin && maxPixels == m_defaultMax)
        remember(0, 0);
    else
        remember(minPixels, maxPixels);
    return true;
}

void PixelBudgetSetting::reset() { remember(0, 0); }

void PixelBudgetSetting::remember(qint64 minPixels, qint64 maxPixels)
{
    if (m_folder.isEmpty() || remembered(m_folder) == QPair<qint64, qint64>(minPixels, maxPixels))
        return;
    QSettings store;
    QVariantMap budgets = store.value(kBudgets).toMap();
    const QString key = folderSettingKey(m_folder);
    if (minPixels == 0 && maxPixels == 0)
        budgets.remove(key);
    else
        budgets.insert(key, QVariantList{minPixels, maxPixels});
    store.setValue(kBudgets, budgets);
    announceFolderChoice<PixelBudgetSetting>(key);
}

QPair<qint64, qint64> PixelBudgetSetting::remembered(const QString &folder)
{
    if (folder.isEmpty())
        return {0, 0};
    const QVariantList v = QSettings().value(kBudgets).toMap().value(folderSettingKey(folder)).toList();
    if (v.size() != 2)
        return {0, 0};
    return {v[0].toLongLong(), v[1].toLongLong()};
}
