#include "modelchooser.h"

#include "demomodel.h"
#include "enginecontroller.h"
#include "startuppolicy.h"

#include <QFileInfo>
#include <QSettings>

ModelChooser::ModelChooser(QObject *parent) : QObject(parent), m_remembered(ModelChoice::load(QSettings())) {}

void ModelChooser::setEngine(EngineController *engine)
{
    if (engine == m_engine)
        return;
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_engine = engine;
    m_waiting = false;
    if (m_engine) {
        connect(m_engine, &EngineController::stateChanged, this, [this] {
            if (m_waiting && m_engine->state() != EngineController::State::Loading)
                loadEnded();
        });
    }
    emit engineChanged();
}

bool ModelChooser::demoInstalled() const { return !demoModelPath().isEmpty(); }

void ModelChooser::start(const QString &commandLineFolder)
{
    const StartupPlan plan = planStartup(commandLineFolder, m_remembered, demoInstalled(),
                                         QFileInfo(m_remembered.folder()).isDir());
    m_picked = {};
    m_fallback = plan.fallback;
    setNotice(plan.notice);
    if (!plan.load.isNone())
        load(plan.load);
}

void ModelChooser::chooseDemo() { choose(ModelChoice::demo()); }

void ModelChooser::chooseFolder(const QUrl &folder)
{
    choose(ModelChoice::localFolder(folder.isLocalFile() ? folder.toLocalFile() : folder.toString()));
}

void ModelChooser::chooseServer(const QString &serverUrl, const QString &modelName)
{
    choose(ModelChoice::server(serverUrl, modelName));
}

void ModelChooser::choose(const ModelChoice &choice)
{
    if (choice.isNone())
        return;
    m_fallback = {};
    m_picked = choice;
    setNotice({});
    load(choice);
}

void ModelChooser::load(const ModelChoice &choice)
{
    if (!m_engine)
        return;
    m_loading = choice;
    m_waiting = true;
    m_engine->load(choice);
}

void ModelChooser::loadEnded()
{
    m_waiting = false;
    const ModelChoice picked = std::exchange(m_picked, {});
    const ModelChoice fallback = std::exchange(m_fallback, {});
    if (m_engine->loadError().isEmpty()) {
        if (picked.isNone())
            return;
        m_remembered = picked;
        QSettings settings;
        picked.save(settings);
        emit rememberedChanged();
        emit chosen();
        return;
    }
    if (fallback.isNone())
        return;
    setNotice(tr("%1 did not load: %2 The demo model answers instead.").arg(m_loading.displayName(), m_engine->loadError()));
    load(fallback);
}

void ModelChooser::setNotice(const QString &notice)
{
    if (notice == m_notice)
        return;
    m_notice = notice;
    emit noticeChanged();
}
