#pragma once

#include "modelbackend.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QSettings;

// What the user chose to answer: the built-in demo model, a model folder run in-process, or a model on an
// OpenAI-compatible server. The one description the dialog, the settings and the startup share; the
// engine gets it as a ModelSpec (toSpec), the backends' own format.
class ModelChoice
{
    Q_GADGET
    Q_DECLARE_TR_FUNCTIONS(ModelChoice)
    QML_VALUE_TYPE(modelChoice)
    Q_PROPERTY(Kind kind READ kind CONSTANT)
    Q_PROPERTY(QString folder READ folder CONSTANT)
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(QString modelName READ modelName CONSTANT)
    Q_PROPERTY(QString modelFolder READ modelFolder CONSTANT)
    Q_PROPERTY(QString displayName READ displayName CONSTANT)

public:
    enum class Kind { None, Demo, Folder, Server };
    Q_ENUM(Kind)

    ModelChoice() = default;
    [[nodiscard]] static ModelChoice demo();
    [[nodiscard]] static ModelChoice localFolder(const QString &folder);
    [[nodiscard]] static ModelChoice server(const QString &serverUrl, const QString &modelName);

    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] QString folder() const { return m_folder; }
    [[nodiscard]] QString serverUrl() const { return m_serverUrl; }
    [[nodiscard]] QString modelName() const { return m_modelName; }
    [[nodiscard]] bool isNone() const { return m_kind == Kind::None; }
    // How the UI names it: "Demo model", the folder's name, "model on host:port".
    [[nodiscard]] QString displayName() const;

    // The folder that runs in-process: the demo model's installed folder (demoModelPath, "" when it is not
    // installed) or the chosen one; "" for a server.
    [[nodiscard]] QString modelFolder() const;
    [[nodiscard]] ModelSpec toSpec() const;

    // The settings store's record of the choice (group "model"). Reading falls back to the keys the views
    // wrote before the choice moved out of them ("ui/modelKind", "ui/modelFolder", "ui/remoteSpec"), so an
    // upgrade keeps what the user chose; writing removes them.
    void save(QSettings &settings) const;
    [[nodiscard]] static ModelChoice load(const QSettings &settings);

    bool operator==(const ModelChoice &o) const
    {
        return m_kind == o.m_kind && m_folder == o.m_folder && m_serverUrl == o.m_serverUrl &&
               m_modelName == o.m_modelName;
    }
    bool operator!=(const ModelChoice &o) const { return !(*this == o); }

private:
    Kind m_kind = Kind::None;
    QString m_folder;
    QString m_serverUrl;
    QString m_modelName;
};

Q_DECLARE_METATYPE(ModelChoice)
