// Which images a session reads: unreadable files and decompression bombs refused, images outside the
// session's folder (or linked out of it) left unread until the user agrees.
#include "session_fixture.h"

class TestSessionTrust : public QObject
{
    Q_OBJECT

private slots:
    void unreadableImagesAreRefused()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.png"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\n garbage");
        f.close();
        Session s;
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.addImagePath(bad));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(s.images()->rowCount(), 0);
    }

    // A PNG of a few KB that declares 30000 x 30000 pixels is refused from its header, naming the file, its
    // size and the limit. A session file that holds one gets that message on the canvas instead of a decode,
    // and a question about it is refused with it before the engine sees it: peak memory stays where it was.
    void decompressionBombsAreRefusedWithoutDecoding()
    {
        QTemporaryDir dir;
        const QString bomb = dir.filePath(QStringLiteral("bomb.png"));
        QVERIFY(gc::test::writeBombPng(bomb.toStdString(), 30000, 30000));
        QVERIFY(QFileInfo(bomb).size() < 1000000);
        auto engine = makeEngine(kAnswer);
        const long before = gc::test::peakRssKb();
        Session s;
        s.conversation()->setEngine(engine.get());
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.addImagePath(bomb));
        QCOMPARE(s.images()->rowCount(), 0);
        QCOMPARE(errors.count(), 1);
        const QString message = errors.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("“bomb.png” is 30000 × 30000 pixels (900.0 megapixels), more than the "
                                                 "limit of 179.0 megapixels")),
                 qPrintable(message));

        QString error;
        const QString json = QStringLiteral(R"({"format":"groundchat-session","version":1,"images":[{"path":"%1",)"
                                            R"("width":30000,"height":30000,"regions":[]}]})")
                                 .arg(bomb);
        QVERIFY2(s.file()->fromJson(json.toUtf8(), &error, nullptr, dir.path()), qPrintable(error));
        QCOMPARE(s.trust()->currentImageProblem(), message);
        QVERIFY2(!s.images()->data(s.images()->index(0), int(ImageListModel::Role::WithinLimit)).toBool(),
                 "no thumbnail is decoded either");
        QVERIFY(!s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        QCOMPARE(errors.last().first().toString(), message);
        QVERIFY(!s.conversation()->answering());
        QVERIFY2(gc::test::peakRssKb() - before < 64 * 1024,
                 qPrintable(QStringLiteral("peak memory grew by %1 kB").arg(gc::test::peakRssKb() - before)));
    }

    // Images outside the session file's folder are not read (shown, sent, segmented, embedded) until the user
    // agrees; then they load, and their folder is trusted from then on.
    void imagesOutsideTheSessionFolderWaitForTheUser()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("session")) && QDir(dir.path()).mkpath(QStringLiteral("elsewhere")));
        const QString outside = dir.filePath(QStringLiteral("elsewhere/o.png"));
        QVERIFY(QImage(kDemo).save(outside));
        const QString file = dir.filePath(QStringLiteral("session/s.gcsession"));
        writeFile(file, sessionNaming(QStringLiteral("../elsewhere/o.png")));
        ReadWatch watch(outside);
        QVERIFY(watch.ok());
        auto engine = makeEngine(kAnswer);
        SegmentController segmenter;
        Session s;
        s.conversation()->setEngine(engine.get());
        s.masks()->setSegmenter(&segmenter);
        s.file()->setProperty("embedImages", true);
        QVERIFY(s.file()->openPath(file));
        QCOMPARE(s.trust()->outsideImages(), QStringList{outside});
        QVERIFY(s.images()->items()[0].pending);
        QVERIFY(s.currentImageUrl().isEmpty());
        QVERIFY2(s.trust()->currentImageProblem().contains(outside), qPrintable(s.trust()->currentImageProblem()));
        QCOMPARE(s.regions()->rowCount(), 1); // the annotations are there all the same
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.conversation()->send(QStringLiteral("What is this?"), QString()));
        QVERIFY(!s.masks()->segment(QRectF(10, 10, 40, 40), {}));
        QVERIFY(!s.masks()->autoMarks(5));
        // the thumbnail strip asks the model every role of the image: none of them reads the file either
        for (const int role : s.images()->roleNames().keys())
            s.images()->data(s.images()->index(0), role);
        QCOMPARE(errors.count(), 3);
        QCOMPARE(s.chat()->rowCount(), 0);
        const QString copy = dir.filePath(QStringLiteral("session/copy.gcsession"));
        QVERIFY(s.file()->saveToPath(copy));
        QVERIFY(!readFile(copy).contains("\"data\""));
        QCOMPARE(watch.reads(), 0);

        s.trust()->loadOutsideImages();
        QVERIFY(s.trust()->outsideImages().isEmpty());
        QCOMPARE(s.currentImageUrl(), QUrl::fromLocalFile(outside));
        QVERIFY(s.trust()->currentImageProblem().isEmpty());
        QVERIFY(s.trust()->trustedFolders().contains(dir.filePath(QStringLiteral("elsewhere"))));
        QVERIFY(s.file()->saveToPath(copy));
        QVERIFY(readFile(copy).contains("\"data\""));
        QVERIFY(watch.reads() > 0);

        // the next time (the folders are the app's settings), it loads at once
        Session again;
        again.trust()->setTrustedFolders(s.trust()->trustedFolders());
        QVERIFY(again.file()->openPath(file));
        QVERIFY(again.trust()->outsideImages().isEmpty());
        QCOMPARE(again.currentImageUrl(), QUrl::fromLocalFile(outside));
    }

    // A link in the session's folder that leads outside it is an outside image too.
    void linksOutOfTheSessionFolderWaitForTheUser()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("session")));
        const QString outside = dir.filePath(QStringLiteral("o.png"));
        QVERIFY(QImage(kDemo).save(outside));
        QVERIFY(QFile::link(outside, dir.filePath(QStringLiteral("session/link.png"))));
        writeFile(dir.filePath(QStringLiteral("session/s.gcsession")), sessionNaming(QStringLiteral("link.png")));
        Session s;
        QVERIFY(s.file()->openPath(dir.filePath(QStringLiteral("session/s.gcsession"))));
        QCOMPARE(s.trust()->outsideImages(), QStringList{dir.filePath(QStringLiteral("session/link.png"))});
        QVERIFY(s.currentImageUrl().isEmpty());
    }
};

QTEST_MAIN(TestSessionTrust)
#include "tst_session_trust.moc"
