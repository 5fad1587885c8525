#include "languagecontroller.h"

#include <QCoreApplication>
#include <QLocale>
#include <QQmlEngine>

// Qt Quick Controls take a dialog's standard button texts (and the file dialogs' buttons) from Qt's own
// catalogue, which Debian ships in an optional package (qt6-translations-l10n); ours carries the ones this
// app shows, so that "Close" is translated wherever the app runs.
[[maybe_unused]] static const char *const qtButtonTexts[] = {
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Open"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
};

LanguageController::LanguageController(QObject *parent) : QObject(parent) {}

LanguageController *LanguageController::create(QQmlEngine *qml, QJSEngine *)
{
    auto *c = new LanguageController;
    c->m_engine = qml;
    return c;
}

void LanguageController::setLanguage(const QString &code)
{
    if (m_chosen && code == m_language)
        return;
    m_chosen = true;
    QCoreApplication::removeTranslator(&m_translator);
    const QLocale locale = code.isEmpty() ? QLocale() : QLocale(code);
    m_active = QStringLiteral("en");
    if (m_translator.load(locale, QStringLiteral("groundchat"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(&m_translator);
        if (available().contains(m_translator.language()))
            m_active = m_translator.language();
    } else {
        qWarning("no translation for %s", qPrintable(locale.name()));
    }
    m_language = code;
    if (QQmlEngine *engine = m_engine ? m_engine : qmlEngine(this))
        engine->retranslate();
    emit languageChanged();
}
