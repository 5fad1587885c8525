// Session files and the autosave: save/open round trips, damaged files refused with where, embedded images,
// exports, relative paths, and the crash-recovery copy.
#include "session_fixture.h"

class TestSessionFiles : public QObject
{
    Q_OBJECT

private slots:
    void saveOpenRoundTripAndRefuseDamage()
    {
        auto engine = makeEngine(kAnswer);
        QTemporaryDir dir;
        Session s;
        openDemo(s, engine.get());
        s.addBox(QRectF(1, 2, 30, 40));
        s.addMark(QPointF(50, 60));
        QVERIFY(s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        const QString path = dir.filePath(QStringLiteral("a.gcsession"));
        QVERIFY(s.file()->saveToPath(path));
        QVERIFY(!s.file()->modified());

        Session t;
        QVERIFY(t.file()->openPath(path));
        QCOMPARE(t.document(), s.document());
        QCOMPARE(t.images()->items(), s.images()->items());

        // a damaged file is refused and the open session stays as it was
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        f.resize(bytes.size() / 2);
        f.close();
        QSignalSpy errors(&t, &Session::errorOccurred);
        QVERIFY(!t.file()->openPath(path));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(t.document(), s.document());
        QString error;
        QVERIFY(!t.file()->fromJson(R"({"format":"groundchat-session","version":1,"images":[{"path":"x","width":5,"height":5,"regions":[{"id":"R1","kind":"blob","box":[0,0,1,1]}]}]})", &error));
        QVERIFY(error.contains(QStringLiteral("Region 1")));
        QCOMPARE(t.document(), s.document());
    }

    // Timeline edits (pauses compressed, a turn hidden) have no undo step, yet the session has unsaved changes
    // until it is saved again.
    void timelineEditsMakeTheSessionUnsaved()
    {
        auto engine = makeEngine(kAnswer);
        QTemporaryDir dir;
        Session s;
        openDemo(s, engine.get());
        QVERIFY(s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        const QString path = dir.filePath(QStringLiteral("t.gcsession"));
        QVERIFY(s.file()->saveToPath(path));
        QVERIFY(!s.file()->modified());
        QSignalSpy cleanChanges(&s, &Session::cleanChanged);
        s.recording()->compressPauses(2);
        QVERIFY(s.file()->modified());
        QCOMPARE(cleanChanges.count(), 1);
        QVERIFY(s.file()->saveToPath(path));
        QVERIFY(!s.file()->modified());
        s.recording()->setTurnHidden(0, 0, true);
        QVERIFY(s.file()->modified());
        QVERIFY(s.file()->saveToPath(path));
        Session t;
        QVERIFY(t.file()->openPath(path));
        QVERIFY(!t.file()->modified());
        QCOMPARE(t.recording()->timeline().hiddenTurns.size(), size_t(1));
    }

    void embeddedImagesTravelWithTheSession()
    {
        QTemporaryDir dir;
        const QString image = dir.filePath(QStringLiteral("scene.png"));
        QVERIFY(QImage(kDemo).save(image));
        Session s;
        QVERIFY(s.addImagePath(image));
        s.addBox(QRectF(1, 1, 10, 10));
        s.file()->setProperty("embedImages", true);
        const QString path = dir.filePath(QStringLiteral("e.gcsession"));
        QVERIFY(s.file()->saveToPath(path));
        QFile::remove(image); // the session moves to a machine without the original file
        Session t;
        QVERIFY(t.file()->openPath(path));
        const QString unpacked = t.images()->items()[0].path;
        QVERIFY(unpacked != image);
        QCOMPARE(QImage(unpacked).size(), QSize(640, 427));
        QCOMPARE(t.regions()->rowCount(), 1);
    }

    // A stranger's session may name any file as its image (/etc/hostname, a key): saved with "embed images" on,
    // only bytes that decode as an image travel in the file, and the user is told what stayed out.
    void embeddingCarriesOnlyImages()
    {
        QTemporaryDir dir;
        const QByteArray secret = "secret-host-name-4711\n";
        const QString hostname = dir.filePath(QStringLiteral("hostname"));
        writeFile(hostname, secret);
        writeFile(dir.filePath(QStringLiteral("s.gcsession")), sessionNaming(QStringLiteral("hostname"), QSize(10, 10)));
        Session s;
        QVERIFY(s.file()->openPath(dir.filePath(QStringLiteral("s.gcsession"))));
        QVERIFY2(s.trust()->currentImageProblem().startsWith(QStringLiteral("Cannot read %1: ").arg(hostname)), qPrintable(s.trust()->currentImageProblem()));
        s.file()->setProperty("embedImages", true);
        QSignalSpy errors(&s, &Session::errorOccurred);
        const QString out = dir.filePath(QStringLiteral("out.gcsession"));
        QVERIFY(s.file()->saveToPath(out));
        const QByteArray saved = readFile(out);
        QVERIFY(!saved.contains(secret.toBase64()));
        QVERIFY(!saved.contains("secret-host-name"));
        QVERIFY(!saved.contains("\"data\""));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors[0][0].toString().contains(hostname), qPrintable(errors[0][0].toString()));
        // a photo is embedded as before
        const QString photo = dir.filePath(QStringLiteral("photo.jpg"));
        QVERIFY(QImage(kDemo).save(photo));
        Session p;
        QVERIFY(p.addImagePath(photo));
        p.file()->setProperty("embedImages", true);
        QVERIFY(p.file()->saveToPath(out));
        QVERIFY(readFile(out).contains(readFile(photo).toBase64()));
        // nor does a session carry other bytes in: embedded data that is no image is refused, not unpacked
        QJsonObject root = QJsonDocument::fromJson(sessionNaming(QStringLiteral("gone.png"))).object();
        QJsonArray images = root.value(QStringLiteral("images")).toArray();
        QJsonObject image = images[0].toObject();
        image.insert(QStringLiteral("data"), QString::fromLatin1(QByteArray("#!/bin/sh\nrm -rf ~\n").toBase64()));
        images[0] = image;
        root.insert(QStringLiteral("images"), images);
        writeFile(dir.filePath(QStringLiteral("carrier.gcsession")), QJsonDocument(root).toJson());
        QVERIFY(!s.file()->openPath(dir.filePath(QStringLiteral("carrier.gcsession"))));
        QVERIFY2(s.lastError().contains(QStringLiteral("not an image")), qPrintable(s.lastError()));
    }

    // An export copies the images built into the app beside its files; a resource that is no image (the demo
    // session file here) is never copied, and the message says so. The CLI's export copies through the same
    // readEmbeddedImage (app/annotate/embedded_image.h).
    void exportsCopyOnlyBuiltInImages()
    {
        QTemporaryDir dir;
        Session s;
        QString error;
        QVERIFY2(s.file()->fromJson(sessionNaming(QStringLiteral(":/demo/demo.gcsession")), &error), qPrintable(error));
        AnnotationIO io;
        QSignalSpy finished(&io, &AnnotationIO::finished);
        QVERIFY(io.exportSession(&s, QStringLiteral("coco"), QString(), QUrl::fromLocalFile(dir.filePath(QStringLiteral("coco.json"))), true));
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(finished[0][0].toBool());
        QVERIFY2(finished[0][1].toString().contains(QStringLiteral("not an image")), qPrintable(finished[0][1].toString()));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("coco.json"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("images/demo.gcsession"))));
    }

    // Relative image paths are relative to the session file (as labelme has it), wherever the app started.
    void relativeImagePathsFollowTheSessionFile()
    {
        QTemporaryDir dir;
        QVERIFY(QImage(kDemo).save(dir.filePath(QStringLiteral("s.png"))));
        writeFile(dir.filePath(QStringLiteral("s.gcsession")), sessionNaming(QStringLiteral("s.png")));
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(QDir::rootPath()));
        Session s;
        const bool opened = s.file()->openPath(dir.filePath(QStringLiteral("s.gcsession")));
        QVERIFY(QDir::setCurrent(cwd));
        QVERIFY(opened);
        QCOMPARE(s.images()->items()[0].path, dir.filePath(QStringLiteral("s.png")));
        QCOMPARE(s.currentImageUrl(), QUrl::fromLocalFile(dir.filePath(QStringLiteral("s.png"))));
        QVERIFY(s.trust()->outsideImages().isEmpty());
        QVERIFY(s.trust()->currentImageProblem().isEmpty());
    }

    // A session that cannot be read says which file and where in it; an image that cannot be shown says why.
    void sessionProblemsSayWhatAndWhere()
    {
        QTemporaryDir dir;
        const QString cut = dir.filePath(QStringLiteral("cut.gcsession"));
        const QByteArray whole = sessionNaming(QStringLiteral("s.png"));
        const QByteArray half = whole.left(whole.size() / 2);
        writeFile(cut, half);
        Session s;
        QVERIFY(!s.file()->openPath(cut));
        const QString where = QStringLiteral("%1 could not be opened: Line %2, column ").arg(cut).arg(half.count('\n') + 1);
        QVERIFY2(s.lastError().startsWith(where), qPrintable(s.lastError()));

        writeFile(dir.filePath(QStringLiteral("m.gcsession")), sessionNaming(QStringLiteral("missing.png")));
        QVERIFY(s.file()->openPath(dir.filePath(QStringLiteral("m.gcsession"))));
        QCOMPARE(s.trust()->currentImageProblem(), QStringLiteral("Cannot read %1: file not found").arg(dir.filePath(QStringLiteral("missing.png"))));
        auto engine = makeEngine(kAnswer);
        s.conversation()->setEngine(engine.get());
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.conversation()->send(QStringLiteral("What is this?"), QString()));
        QCOMPARE(errors.value(0).value(0).toString(), s.trust()->currentImageProblem());

        writeFile(dir.filePath(QStringLiteral("bad.png")), "not an image at all");
        writeFile(dir.filePath(QStringLiteral("b.gcsession")), sessionNaming(QStringLiteral("bad.png")));
        QVERIFY(s.file()->openPath(dir.filePath(QStringLiteral("b.gcsession"))));
        QVERIFY2(s.trust()->currentImageProblem().startsWith(QStringLiteral("Cannot read %1: ").arg(dir.filePath(QStringLiteral("bad.png")))),
                 qPrintable(s.trust()->currentImageProblem()));
    }

    void autosaveBringsTheSessionBack()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath(QStringLiteral("auto.gcsession"));
        {
            Session s;
            s.file()->setAutosavePath(autosave);
            QVERIFY(s.addImagePath(kDemo));
            s.addBox(QRectF(10, 10, 20, 20));
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 5000);
            // no clean shutdown: the file stays, as after a crash
        }
        Session restored;
        restored.file()->setAutosavePath(autosave);
        QVERIFY(restored.file()->hasAutosave());
        QVERIFY(restored.file()->restoreAutosave());
        QCOMPARE(restored.regions()->rowCount(), 1);
        restored.file()->discardAutosave();
        QVERIFY(!QFile::exists(autosave));
    }

    void autosaveKeepsTheFileNameAndTheLastEdit()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath(QStringLiteral("auto.gcsession"));
        const QString file = dir.filePath(QStringLiteral("work.gcsession"));
        const auto autosavedRegions = [&] {
            QFile f(autosave);
            if (!f.open(QIODevice::ReadOnly))
                return -1;
            const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
            return int(root.value(QStringLiteral("images")).toArray().first().toObject().value(QStringLiteral("regions")).toArray().size());
        };
        {
            Session s;
            s.file()->setAutosavePath(autosave);
            QVERIFY(s.addImagePath(kDemo));
            QVERIFY(s.file()->saveToPath(file));
            s.addBox(QRectF(10, 10, 20, 20));
            // the crash came about a second after the box
            QTRY_COMPARE_WITH_TIMEOUT(autosavedRegions(), 1, 1000);
        }
        Session restored;
        restored.file()->setAutosavePath(autosave);
        QVERIFY(restored.file()->restoreAutosave());
        QCOMPARE(restored.file()->filePath(), file);
        QVERIFY2(restored.file()->modified(), "the box is not in the file yet");
        QCOMPARE(restored.regions()->rowCount(), 1);
        QVERIFY(restored.file()->saveToPath(restored.file()->filePath()));
        QVERIFY(!restored.file()->modified());
    }

    void autosaveKeepsAnAnswerAsItStreams()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath(QStringLiteral("auto.gcsession"));
        auto engine = makeEngine(kAnswer.repeated(5), 20);
        Session s;
        s.conversation()->setEngine(engine.get());
        s.file()->setAutosavePath(autosave);
        QVERIFY(s.addImagePath(kDemo));
        QVERIFY(s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        const auto autosavedAnswer = [&] {
            QFile f(autosave);
            if (!f.open(QIODevice::ReadOnly))
                return QString();
            const QJsonArray messages = QJsonDocument::fromJson(f.readAll())
                                            .object().value(QStringLiteral("images")).toArray().first().toObject()
                                            .value(QStringLiteral("messages")).toArray();
            return messages.size() == 2 ? messages[1].toObject().value(QStringLiteral("text")).toString() : QString();
        };
        // a long answer reaches the autosave again and again while it streams, not only when it ends
        QString first;
        QTRY_VERIFY_WITH_TIMEOUT(!(first = autosavedAnswer()).isEmpty() && s.conversation()->answering(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(autosavedAnswer() != first && s.conversation()->answering(), 10000);
        Session restored;
        restored.file()->setAutosavePath(autosave);
        QVERIFY(restored.file()->restoreAutosave());
        QVERIFY2(restored.chat()->items().last().cancelled, "an answer cut by the crash reads as stopped");
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 20000);
    }
};

QTEST_MAIN(TestSessionFiles)
#include "tst_session_files.moc"
