#pragma once

#include <QColor>
#include <QObject>
#include <QRectF>
#include <QSize>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

// Decodes a model's raw answer in a chosen dialect for QML: the clean text plus, per entity, its phrase,
// span and regions in pixels of the image. Re-decodes whenever an input changes; decoding is cheap.
class GroundingParser : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString dialect READ dialect WRITE setDialect NOTIFY dialectChanged)
    Q_PROPERTY(QString rawText READ rawText WRITE setRawText NOTIFY rawTextChanged)
    Q_PROPERTY(QSize imageSize READ imageSize WRITE setImageSize NOTIFY imageSizeChanged)
    Q_PROPERTY(QString task READ task WRITE setTask NOTIFY taskChanged)
    Q_PROPERTY(QString cleanText READ cleanText NOTIFY resultChanged)
    Q_PROPERTY(QVariantList entities READ entities NOTIFY resultChanged)
    Q_PROPERTY(int regionCount READ regionCount NOTIFY resultChanged)
    Q_PROPERTY(QStringList diagnostics READ diagnostics NOTIFY resultChanged)
    // The clean text as rich text, each grounded phrase in its region's colour.
    Q_PROPERTY(QString highlightedText READ highlightedText NOTIFY resultChanged)

public:
    explicit GroundingParser(QObject *parent = nullptr);

    [[nodiscard]] QString dialect() const { return m_dialect; }
    void setDialect(const QString &id);
    [[nodiscard]] QString rawText() const { return m_rawText; }
    void setRawText(const QString &text);
    [[nodiscard]] QSize imageSize() const { return m_imageSize; }
    void setImageSize(const QSize &size);
    [[nodiscard]] QString task() const { return m_task; }
    void setTask(const QString &task);

    [[nodiscard]] QString cleanText() const { return m_cleanText; }
    [[nodiscard]] QVariantList entities() const { return m_entities; }
    [[nodiscard]] int regionCount() const { return m_regionCount; }
    [[nodiscard]] QStringList diagnostics() const { return m_diagnostics; }
    [[nodiscard]] QString highlightedText() const;

    // The prompt text for a user box (pixels) in the current dialect; empty with an error when it can't.
    Q_INVOKABLE QString formatBox(const QRectF &box, const QString &phrase) const;

signals:
    void dialectChanged();
    void rawTextChanged();
    void imageSizeChanged();
    void taskChanged();
    void resultChanged();

private:
    void update();

    QString m_dialect = QStringLiteral("kosmos2");
    QString m_rawText;
    QSize m_imageSize;
    QString m_task;
    QString m_cleanText;
    QVariantList m_entities;
    int m_regionCount = 0;
    QStringList m_diagnostics;
};
