#pragma once

#include "modelchoice.h"

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class EngineController;

// Which model answers: what the app loads at startup (planStartup) and what the user picks in the model
// dialog. A pick is remembered for the next start only once it has loaded; one that fails leaves the
// remembered choice as it was. Views call it and show its properties, nothing more.
class ModelChooser : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(EngineController *engine READ engine WRITE setEngine NOTIFY engineChanged REQUIRED)
    // What loads at the next start.
    Q_PROPERTY(ModelChoice remembered READ remembered NOTIFY rememberedChanged)
    Q_PROPERTY(bool demoInstalled READ demoInstalled CONSTANT)
    // Why the model that answers after startup is not the one remembered ("" when it is).
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)

public:
    explicit ModelChooser(QObject *parent = nullptr);

    [[nodiscard]] EngineController *engine() const { return m_engine; }
    void setEngine(EngineController *engine);
    [[nodiscard]] ModelChoice remembered() const { return m_remembered; }
    [[nodiscard]] bool demoInstalled() const;
    [[nodiscard]] QString notice() const { return m_notice; }

    // Loads what planStartup says for the model given on the command line ("" when none).
    Q_INVOKABLE void start(const QString &commandLineFolder);
    Q_INVOKABLE void chooseDemo();
    // A folder as a file dialog gives it (file: URL) or a path.
    Q_INVOKABLE void chooseFolder(const QUrl &folder);
    Q_INVOKABLE void chooseServer(const QString &serverUrl, const QString &modelName);

signals:
    void engineChanged();
    void rememberedChanged();
    void noticeChanged();
    // The model picked last has loaded and is remembered.
    void chosen();

private:
    void choose(const ModelChoice &choice);
    void load(const ModelChoice &choice);
    void loadEnded();
    void setNotice(const QString &notice);

    QPointer<EngineController> m_engine;
    ModelChoice m_remembered;
    ModelChoice m_picked;   // a pick that is loading: remembered once it loads
    ModelChoice m_loading;  // what this chooser asked the engine for last
    ModelChoice m_fallback; // loaded if the startup model fails
    bool m_waiting = false; // a load asked for here has not ended
    QString m_notice;
};
