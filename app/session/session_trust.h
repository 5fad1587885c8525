#pragma once

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <functional>

class Session;

// The trust part of a Session: which of a session's image paths GroundChat reads without asking, and what
// keeps an image from being shown (session_trust.cpp says why).
// Its messages are the session's: Session::tr, the context the catalogues have them under.
class SessionTrust : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A part of a Session: session.trust")
    // Folders the user opened images from (kept in the settings by the window): a session's images there are
    // read without asking, as are those in or below the session file's own folder and those built into the app.
    Q_PROPERTY(QStringList trustedFolders READ trustedFolders WRITE setTrustedFolders NOTIFY trustedFoldersChanged)
    // The session's images elsewhere: not read (not shown, sent, segmented or embedded) until loadOutsideImages().
    Q_PROPERTY(QStringList outsideImages READ outsideImages NOTIFY outsideImagesChanged)
    // Why the current image cannot be shown ("" when it can): missing, unreadable, not an image, not read yet.
    Q_PROPERTY(QString currentImageProblem READ currentImageProblem NOTIFY currentImageProblemChanged)

public:
    explicit SessionTrust(Session &session);

    [[nodiscard]] QStringList trustedFolders() const { return m_trustedFolders; }
    void setTrustedFolders(const QStringList &folders);
    [[nodiscard]] QStringList outsideImages() const;
    [[nodiscard]] QString currentImageProblem() const;
    // The user agrees to read the outside images: they load, and their folders become trusted.
    Q_INVOKABLE void loadOutsideImages();

    // Whether an image path (absolute, clean) of a session in `sessionFolder` may be read without asking.
    [[nodiscard]] std::function<bool(const QString &path)> readableWithoutAsking(const QString &sessionFolder) const;
    // Remembers the folders of images the user opened.
    void trustFoldersOf(const QStringList &paths);
    // Loads the images not read yet that are now trusted (in the session file's folder or a trusted one).
    void loadTrustedImages();
    // Looks at the image in `row` to say what keeps it from being shown.
    void checkImage(int row);

signals:
    void trustedFoldersChanged();
    void outsideImagesChanged();
    void currentImageProblemChanged();

private:
    Session &m_session;
    QStringList m_trustedFolders;
};
