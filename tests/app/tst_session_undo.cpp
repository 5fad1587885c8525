// Drawing and undo/redo: each image its own history, edits made while an answer streams their own steps.
#include "session_fixture.h"

class TestSessionUndo : public QObject
{
    Q_OBJECT

private slots:
    void modelsPassTheTester()
    {
        Session s;
        QAbstractItemModelTester t1(s.regions(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(s.chat(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(s.images(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto engine = makeEngine(kAnswer);
        openDemo(s, engine.get());
        s.addBox(QRectF(10, 10, 50, 40));
        s.addPoint(QPointF(5, 5), true);
        s.addMark(QPointF(100, 100));
        QVERIFY(s.conversation()->send(QStringLiteral("what is @R1?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        s.undo();
        s.undo();
        s.redo();
    }

    void drawingUndoRedo()
    {
        Session s;
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.currentImageSize(), QSize(640, 427));
        const QString r1 = s.addBox(QRectF(QPointF(20, 30), QPointF(120, 90)));
        QCOMPARE(r1, QStringLiteral("R1"));
        const QString r2 = s.addBox(QRectF(QPointF(700, 500), QPointF(600, 400))); // reversed and clipped
        QCOMPARE(s.regions()->items()[1].box, QRectF(QPointF(600, 400), QPointF(640, 427)));
        s.renameRegion(r1, QStringLiteral("cup"));
        s.setRegionBox(r1, QRectF(25, 35, 100, 60));
        QCOMPARE(s.regions()->items()[0].box, QRectF(25, 35, 100, 60));
        s.undo();
        QCOMPARE(s.regions()->items()[0].box, QRectF(QPointF(20, 30), QPointF(120, 90)));
        s.undo();
        QCOMPARE(s.regions()->items()[0].label, QString());
        s.deleteRegion(r2);
        QCOMPARE(s.regions()->rowCount(), 1);
        s.undo();
        QCOMPARE(s.regions()->rowCount(), 2);
        s.redo();
        QCOMPARE(s.regions()->rowCount(), 1);
        QCOMPARE(s.addMark(QPointF(5, 5)), QStringLiteral("M1"));
        QCOMPARE(s.addMark(QPointF(6, 6)), QStringLiteral("M2"));
        QVERIFY2(s.addBox(QRectF(1, 1, 0.2, 0.2)).isEmpty(), "a click is not a box");
    }

    void undoActsOnTheCurrentImageOnly()
    {
        QTemporaryDir dir;
        const QString second = dir.filePath(QStringLiteral("second.png"));
        QImage image(200, 100, QImage::Format_RGB888);
        image.fill(Qt::darkGreen);
        QVERIFY(image.save(second));
        Session s;
        QVERIFY(s.addImagePath(kDemo));
        QCOMPARE(s.addBox(QRectF(10, 10, 50, 40)), QStringLiteral("R1"));
        QVERIFY(s.addImagePath(second));
        QCOMPARE(s.currentImage(), 1);
        QVERIFY2(!s.canUndo(), "nothing was done on this image yet");
        s.undo();
        s.setCurrentImage(0);
        QCOMPARE(s.regions()->rowCount(), 1);
        s.setCurrentImage(1);
        QCOMPARE(s.addBox(QRectF(5, 5, 30, 30)), QStringLiteral("R1"));
        s.setCurrentImage(0);
        QVERIFY(s.canUndo());
        QCOMPARE(s.undoText(), QStringLiteral("Draw box R1"));
        QSignalSpy switched(&s, &Session::currentImageChanged);
        s.undo();
        QCOMPARE(s.currentImage(), 0);
        QCOMPARE(switched.count(), 0);
        QCOMPARE(s.regions()->rowCount(), 0);
        QVERIFY(!s.canUndo());
        QVERIFY(s.canRedo());
        s.setCurrentImage(1);
        QCOMPARE(s.regions()->rowCount(), 1);
        QVERIFY(s.canUndo());
        QVERIFY(!s.canRedo());
        QVERIFY(s.file()->modified());
    }

    void editsWhileAnAnswerStreamsAreTheirOwnSteps()
    {
        auto engine = makeEngine(kAnswer, 20);
        Session s;
        openDemo(s, engine.get());
        QCOMPARE(s.addBox(QRectF(10, 10, 50, 40)), QStringLiteral("R1"));
        QVERIFY(s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        QVERIFY2(!s.canUndo(), "the box drawn before the question waits for the answer");
        QTRY_VERIFY(!s.chat()->items().last().text.isEmpty());
        QCOMPARE(s.addBox(QRectF(300, 200, 60, 60)), QStringLiteral("R2"));
        QVERIFY(s.conversation()->answering());
        QVERIFY2(s.canUndo(), "the user's own box undoes while the answer streams");
        QCOMPARE(s.undoText(), QStringLiteral("Draw box R2"));
        s.undo();
        QVERIFY(s.regions()->rowOf(QStringLiteral("R2")) < 0);
        QVERIFY(!s.canUndo());
        s.redo();
        QVERIFY(s.regions()->rowOf(QStringLiteral("R2")) >= 0);
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.chat()->items().last().text, QStringLiteral("An image of a red circle and a blue square."));
        QCOMPARE(s.regions()->rowCount(), 4);
        // undoing the answer leaves the box drawn while it streamed
        QCOMPARE(s.undoText(), QStringLiteral("Answer"));
        s.undo();
        QCOMPARE(s.chat()->rowCount(), 0);
        QVERIFY(s.regions()->rowOf(QStringLiteral("R1")) >= 0);
        QVERIFY(s.regions()->rowOf(QStringLiteral("R2")) >= 0);
        QCOMPARE(s.regions()->rowCount(), 2);
        // and the box undoes alone, leaving the conversation as it is
        s.redo();
        QCOMPARE(s.chat()->rowCount(), 2);
        s.undo();
        QCOMPARE(s.undoText(), QStringLiteral("Draw box R2"));
        s.undo();
        QCOMPARE(s.regions()->rowCount(), 1);
        QCOMPARE(s.chat()->rowCount(), 0);
        s.redo();
        s.redo();
        QCOMPARE(s.chat()->rowCount(), 2);
        QCOMPARE(s.regions()->rowCount(), 4);
        QCOMPARE(s.regions()->items()[1].id, QStringLiteral("R2"));
    }

    // A box drawn while a regenerate waits for its first word is the user's own step: stopping the regenerate
    // brings the replaced answer back without folding the box into an "Answer" step.
    void boxDrawnDuringAStoppedRegenerateStaysItsOwnStep()
    {
        auto engine = makeEngine(kAnswer, 1);
        Session s;
        converse(s, engine.get(), {QStringLiteral("first?"), QStringLiteral("second?")});
        const int regionsBefore = s.regions()->rowCount();
        CapturingBackend::stall = true;
        QVERIFY(s.conversation()->regenerate(1));
        const QString box = s.addBox(QRectF(10, 10, 30, 30));
        s.conversation()->stop();
        QTRY_VERIFY(!s.conversation()->answering());
        CapturingBackend::stall = false;
        QCOMPARE(s.chat()->rowCount(), 4);
        QCOMPARE(s.regions()->rowCount(), regionsBefore + 1);
        s.undo(); // the box
        QCOMPARE(s.regions()->rowOf(box), -1);
        QCOMPARE(s.chat()->rowCount(), 4);
        s.undo(); // then the second turn
        QCOMPARE(s.chat()->rowCount(), 2);
    }
};

QTEST_MAIN(TestSessionUndo)
#include "tst_session_undo.moc"
