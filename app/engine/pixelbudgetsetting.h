#pragma once

#include <QObject>
#include <QSize>
#include <QtQml/qqmlregistration.h>

// The pixel budget of a model folder whose images are resized to between a minimum and a maximum number of pixels
// (Qwen2.5-VL: runtime/pixel_budget.h), the speed/detail trade-off: the folder's own bounds (read off the GUI
// thread), the bounds remembered for that folder in the settings store, and the image tokens the current image
// gets under any bounds. For Settings: set folder and imageSize, show tokens, choose().
class PixelBudgetSetting : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString folder READ folder WRITE setFolder NOTIFY folderChanged)
    Q_PROPERTY(QSize imageSize READ imageSize WRITE setImageSize NOTIFY imageSizeChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY budgetChanged)
    // The folder's model resizes images to a pixel budget (false while it is read, and for other models).
    Q_PROPERTY(bool applies READ applies NOTIFY budgetChanged)
    Q_PROPERTY(qint64 defaultMinPixels READ defaultMinPixels NOTIFY budgetChanged)
    Q_PROPERTY(qint64 defaultMaxPixels READ defaultMaxPixels NOTIFY budgetChanged)
    // Pixels per image token (a token covers merge × merge patches): a sensible step for the bounds.
    Q_PROPERTY(qint64 tokenPixels READ tokenPixels NOTIFY budgetChanged)
    // The bounds in use for the folder: the remembered ones, else the folder's.
    Q_PROPERTY(qint64 minPixels READ minPixels NOTIFY chosenChanged)
    Q_PROPERTY(qint64 maxPixels READ maxPixels NOTIFY chosenChanged)
    Q_PROPERTY(bool isDefault READ isDefault NOTIFY chosenChanged)

public:
    explicit PixelBudgetSetting(QObject *parent = nullptr);
    ~PixelBudgetSetting() override;

    [[nodiscard]] QString folder() const { return m_folder; }
    void setFolder(const QString &folder);
    [[nodiscard]] QSize imageSize() const { return m_imageSize; }
    void setImageSize(const QSize &size);
    [[nodiscard]] bool loading() const { return m_loading; }
    [[nodiscard]] bool applies() const { return m_applies; }
    [[nodiscard]] qint64 defaultMinPixels() const { return m_defaultMin; }
    [[nodiscard]] qint64 defaultMaxPixels() const { return m_defaultMax; }
    [[nodiscard]] qint64 tokenPixels() const { return m_tokenPixels; }
    [[nodiscard]] qint64 minPixels() const;
    [[nodiscard]] qint64 maxPixels() const;
    [[nodiscard]] bool isDefault() const { return remembered(m_folder) == QPair<qint64, qint64>(0, 0); }

    // The image tokens the current image gets with these bounds (0 when none apply or they are invalid).
    Q_INVOKABLE int tokensFor(qint64 minPixels, qint64 maxPixels) const;
    // Remembers the bounds for the folder; false (nothing changes) when they are invalid (below one token, or the
    // minimum above the maximum). The folder's own bounds are remembered as no choice.
    Q_INVOKABLE bool choose(qint64 minPixels, qint64 maxPixels);
    // Back to the folder's own bounds.
    Q_INVOKABLE void reset();

    // The bounds remembered for a folder, (0, 0) when none are: what the next load of it uses (ModelSpec).
    [[nodiscard]] static QPair<qint64, qint64> remembered(const QString &folder);

signals:
    void folderChanged();
    void imageSizeChanged();
    void budgetChanged();
    void chosenChanged();

private:
    void refresh();
    void remember(qint64 minPixels, qint64 maxPixels);

    QString m_folder;
    QSize m_imageSize;
    bool m_loading = false;
    bool m_applies = false;
    qint64 m_defaultMin = 0, m_defaultMax = 0, m_tokenPixels = 0;
    qint64 m_patchSize = 0, m_mergeSize = 0;
    quint64 m_generation = 0; // the folder's latest reading: older ones that end later are dropped
};
