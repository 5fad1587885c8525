#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class Session;

// The file part of a Session: session files (JSON, written atomically, validated whole before anything is
// replaced), whether the session changed since its file, and the crash-recovery autosave.
// Its messages are the session's: Session::tr, the context the catalogues have them under.
class SessionFile : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A part of a Session: session.file")
    Q_PROPERTY(QString filePath READ filePath NOTIFY filePathChanged)
    Q_PROPERTY(bool modified READ modified NOTIFY modifiedChanged)
    Q_PROPERTY(QString autosavePath READ autosavePath WRITE setAutosavePath NOTIFY autosavePathChanged)
    // Session files carry the images themselves (PNG, base64) instead of their paths.
    Q_PROPERTY(bool embedImages MEMBER m_embedImages NOTIFY embedImagesChanged)

public:
    explicit SessionFile(Session &session);
    ~SessionFile() override;

    [[nodiscard]] QString filePath() const { return m_filePath; }
    [[nodiscard]] bool modified() const;
    [[nodiscard]] QString autosavePath() const { return m_autosavePath; }
    void setAutosavePath(const QString &path);

    // Writes are atomic; open validates everything before replacing the session.
    Q_INVOKABLE bool save(const QUrl &url);
    Q_INVOKABLE bool saveToPath(const QString &path);
    Q_INVOKABLE bool open(const QUrl &url);
    Q_INVOKABLE bool openPath(const QString &path);
    // Opens a session as a new, untitled one (the built-in demo session: saving asks for a file).
    Q_INVOKABLE bool openAsUntitled(const QString &path);
    Q_INVOKABLE void clear();
    Q_INVOKABLE bool hasAutosave() const;
    // Where the app keeps its crash-recovery copy of the session.
    Q_INVOKABLE QString defaultAutosavePath() const;
    // Where a save or export dialog starts: the session file's folder, else Documents, else home.
    Q_INVOKABLE QString suggestedFolder() const;
    Q_INVOKABLE bool restoreAutosave();
    Q_INVOKABLE void discardAutosave();

    // The session as its file holds it, without the images' bytes (a snapshot for an export).
    [[nodiscard]] QByteArray toJson() const;
    // What an autosave keeps beside the session: the file it belongs to ("" = untitled) and whether it held
    // unsaved changes (older autosaves did not say).
    struct AutosaveNote {
        QString of;
        bool modified = true;
    };
    // `autosave`, when given, gets what the file keeps beside the session.
    // Relative image paths are relative to `folder` (the session file's), which is also trusted (see
    // SessionTrust); without one they are relative to the working directory and only trusted folders are.
    bool fromJson(const QByteArray &json, QString *error, AutosaveNote *autosave = nullptr, const QString &folder = {});

signals:
    void filePathChanged();
    void modifiedChanged();
    void autosavePathChanged();
    void embedImagesChanged();

private:
    // Debounced, yet a run of changes (an answer streaming in) still reaches the disk about once a second.
    void scheduleAutosave();
    void writeAutosave();
    // The session file's text (session_document.h): indented, or compact with `autosave` beside the session.
    // `notEmbedded`, when embedding, gets the images whose files were left out because they are no images.
    [[nodiscard]] QByteArray toFileText(bool embedImages, QStringList *notEmbedded = nullptr,
                                        const AutosaveNote *autosave = nullptr) const;

    Session &m_session;
    QString m_filePath;
    bool m_restoredUnsaved = false; // a restored autosave held changes its file did not have
    QString m_autosavePath;
    QTimer m_autosaveTimer;
    QElapsedTimer m_autosaveWaiting; // since the first change the pending autosave holds
    bool m_embedImages = false;
};
