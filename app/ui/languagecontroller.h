#pragma once

#include <QObject>
#include <QTranslator>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

// Switches the UI language at runtime (English, Simplified Chinese) and retranslates every qsTr().
class LanguageController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QString active READ active NOTIFY languageChanged)
    Q_PROPERTY(QStringList available READ available CONSTANT)

public:
    explicit LanguageController(QObject *parent = nullptr);
    static LanguageController *create(QQmlEngine *qml, QJSEngine *js);

    [[nodiscard]] QString language() const { return m_language; }
    // "en", "zh_CN", or "" for the system language.
    void setLanguage(const QString &code);
    // The language the UI is in: one of available(), "en" when the chosen or system language has no translation.
    [[nodiscard]] QString active() const { return m_active; }
    [[nodiscard]] QStringList available() const { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

signals:
    void languageChanged();

private:
    QQmlEngine *m_engine = nullptr;
    QTranslator m_translator;
    QString m_language;
    QString m_active;
    bool m_chosen = false; // the first setLanguage("") still has to load the system language
};
