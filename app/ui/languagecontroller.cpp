#include "languagecontroller.h"

#include <QCoreApplication>
#include <QLocale>
#include <QQmlEngine>

LanguageController::LanguageController(QObject *parent) : QObject(parent) {}

LanguageController *LanguageController::create(QQmlEngine *qml, QJSEngine *)
{
    auto *c = new LanguageController;
    c->m_engine = qml;
    return c;
}

void LanguageController::setLanguage(const QString &code)
{
    if (code == m_language)
        return;
    QCoreApplication::removeTranslator(&m_translator);
    const QLocale locale = code.isEmpty() ? QLocale() : QLocale(code);
    if (m_translator.load(locale, QStringLiteral("groundchat"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&m_translator);
    else
        qWarning("no translation for %s", qPrintable(locale.name()));
    m_language = code;
    if (QQmlEngine *engine = m_engine ? m_engine : qmlEngine(this))
        engine->retranslate();
    emit languageChanged();
}
