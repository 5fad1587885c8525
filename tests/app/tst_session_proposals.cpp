// Edit ▸ Propose regions (app/tools/sessionproposals.h): numbered marks over the image from the segmenter's
// automatic marks or a Florence-2 model's <REGION_PROPOSAL> (a scripted engine with a Florence-2 answer), tagged as
// proposals, recorded as a tool run of a turn and undone with it; a question about the marks sends them drawn on
// the image, and a mark number in the answer links to that proposal.
#include "session_fixture.h"

#include "sessionproposals.h"

namespace {

const QString kDemoFile = QStringLiteral(GC_SOURCE_DIR "/resources/images/demo-shapes.png"); // 640x427
// two region proposals as Florence-2 writes them (four location bins of 1000 each)
const QString kFlorenceProposals = QStringLiteral("<loc_53><loc_334><loc_933><loc_775><loc_100><loc_120><loc_300><loc_340>");

// The centre of Florence-2's bin `v` of 1000 over `side` pixels, as its dialect reads it.
double bin(int v, int side) { return (v + 0.5) / 1000.0 * side; }

QList<RegionItem> proposals(Session &s)
{
    QList<RegionItem> out;
    for (const RegionItem &r : s.regions()->items())
        if (r.source == QLatin1String("proposal"))
            out << r;
    return out;
}

} // namespace

class TestSessionProposals : public QObject
{
    Q_OBJECT

private slots:
    void segmenterProposalsAreNumberedMarksOfOneTurn()
    {
        Session s;
        SegmentController segmenter;
        s.masks()->setSegmenter(&segmenter);
        QVERIFY(s.addImagePath(kDemoFile));
        SessionProposals p;
        p.setSession(&s);
        // no model is loaded: the segmenter alone can propose
        QCOMPARE(p.sources(), QStringList{QStringLiteral("segmenter")});
        const QString own = s.addMark(QPointF(20, 20));
        QCOMPARE(own, QStringLiteral("M1"));

        QSignalSpy finished(&p, &SessionProposals::finished);
        QVERIFY(p.propose(QString(), 8));
        QVERIFY(p.running());
        QVERIFY(!p.propose(QString(), 8)); // one run at a time
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(!p.running());

        const QList<RegionItem> marks = proposals(s);
        QVERIFY2(marks.size() >= 3 && marks.size() <= 8, qPrintable(QString::number(marks.size())));
        for (int i = 0; i < marks.size(); ++i) {
            // numbered after the marks already there
            QCOMPARE(marks[i].kind, QStringLiteral("mark"));
            QCOMPARE(marks[i].markNumber, i + 2);
            QCOMPARE(marks[i].id, QStringLiteral("M%1").arg(i + 2));
            QVERIFY(!marks[i].box.isEmpty());
            QVERIFY(!marks[i].fromModel);
        }
        // the run is a turn of the chat: which proposer, how long, the marks it made
        QCOMPARE(s.chat()->rowCount(), 1);
        const ChatMessage turn = s.document().messages[0];
        QVERIFY(turn.fromUser);
        QCOMPARE(turn.tools.size(), 1);
        const ToolRun &run = turn.tools[0];
        QCOMPARE(run.tool, QStringLiteral("proposals"));
        QVERIFY(run.region.isNull());
        QVERIFY(run.ms > 0);
        QStringList ids;
        for (const RegionItem &r : marks)
            ids << r.id;
        QCOMPARE(run.regionIds, ids);
        QVERIFY2(turn.text.contains(QStringLiteral("segmenter")), qPrintable(turn.text));

        // one undo step takes the marks and the turn away, leaving the user's mark; redo brings them back
        QCOMPARE(s.undoText(), QStringLiteral("Propose regions"));
        s.undo();
        QCOMPARE(proposals(s).size(), 0);
        QCOMPARE(s.regions()->rowCount(), 1);
        QCOMPARE(s.chat()->rowCount(), 0);
        s.redo();
        QCOMPARE(proposals(s).size(), marks.size());
        QCOMPARE(s.chat()->rowCount(), 1);
    }

    void florenceProposalsAreTheModelsBoxes()
    {
        auto engine = makeEngineWith([] { return std::make_unique<FakeBackend>(QStringLiteral("florence2"), kFlorenceProposals, 2); });
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemoFile));
        SessionProposals p;
        p.setSession(&s);
        QCOMPARE(p.sources(), QStringList{QStringLiteral("florence2")});
        QSignalSpy finished(&p, &SessionProposals::finished);
        QVERIFY(p.propose(QStringLiteral("florence2"), 40));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), true);

        const QList<RegionItem> marks = proposals(s);
        QCOMPARE(marks.size(), 2);
        QCOMPARE(marks[0].id, QStringLiteral("M1"));
        QCOMPARE(marks[0].box.left(), bin(53, 640));
        QCOMPARE(marks[0].box.top(), bin(334, 427));
        QCOMPARE(marks[0].box.right(), bin(933, 640));
        QCOMPARE(marks[0].box.bottom(), bin(775, 427));
        QCOMPARE(marks[0].points.front(), marks[0].box.center()); // the number at the box's centre
        QCOMPARE(marks[1].id, QStringLiteral("M2"));
        QCOMPARE(marks[1].box.left(), bin(100, 640));
        // not an answer of the conversation: no model regions, no assistant turn, the run's record alone
        QCOMPARE(s.chat()->rowCount(), 1);
        QVERIFY(s.document().messages[0].fromUser);
        const ToolRun &run = s.document().messages[0].tools[0];
        QVERIFY2(run.output.startsWith(QStringLiteral("<REGION_PROPOSAL>")), qPrintable(run.output));
        QCOMPARE(run.regionIds, (QStringList{QStringLiteral("M1"), QStringLiteral("M2")}));
        QVERIFY(!s.conversation()->answering());
        // at most as many as asked for
        QVERIFY(p.propose(QStringLiteral("florence2"), 1));
        QVERIFY(finished.wait(10000));
        QCOMPARE(proposals(s).size(), 3);
        QCOMPARE(proposals(s).last().id, QStringLiteral("M3"));
    }

    void aSourceThatIsNotThereSaysSo()
    {
        Session s;
        QVERIFY(s.addImagePath(kDemoFile));
        SessionProposals p;
        p.setSession(&s);
        QVERIFY(p.sources().isEmpty());
        QSignalSpy failed(&s, &Session::errorOccurred);
        QVERIFY(!p.propose(QStringLiteral("florence2"), 10));
        QVERIFY(!p.propose(QStringLiteral("segmenter"), 10));
        QCOMPARE(failed.size(), 2);
        QVERIFY2(s.lastError().contains(QStringLiteral("segmenter")), qPrintable(s.lastError()));
        // a model that has no region-proposal task is no proposer either
        auto engine = makeEngine(kAnswer);
        s.conversation()->setEngine(engine.get());
        QVERIFY(p.sources().isEmpty());
    }

    void aQuestionAboutTheMarksSendsThemAndTheAnswerLinksToTheProposal()
    {
        auto engine = makeEngine(QStringLiteral("The red circle is mark 2."), 5);
        Session s;
        SegmentController segmenter;
        s.masks()->setSegmenter(&segmenter);
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemoFile)); // the segmenter reads files
        SessionProposals p;
        p.setSession(&s);
        QSignalSpy finished(&p, &SessionProposals::finished);
        QVERIFY(p.propose(QStringLiteral("segmenter"), 8));
        QVERIFY(finished.wait(60000));
        const QList<RegionItem> marks = proposals(s);
        QVERIFY(marks.size() >= 2);

        // asked about the marks without citing one: the model sees them all, numbered
        QVERIFY(s.conversation()->send(QStringLiteral("Which mark is the red circle?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(CapturingBackend::lastMarks.size(), marks.size());
        for (int i = 0; i < marks.size(); ++i)
            QCOMPARE(CapturingBackend::lastMarks[i].number, marks[i].markNumber);
        // the number in the answer links to mark 2, which is the second proposal
        const int row = s.chat()->rowCount() - 1;
        const QString html = s.chat()->richTextFor(row, -1);
        QVERIFY2(html.contains(QStringLiteral("href=\"mark:2\"")), qPrintable(html));
        QCOMPARE(s.chat()->linkTarget(QStringLiteral("mark:2")).value(QStringLiteral("mark")).toInt(), 2);
        QCOMPARE(s.region(QStringLiteral("M2")).value(QStringLiteral("source")).toString(), QStringLiteral("proposal"));
        s.hoverRegion(QStringLiteral("M2"));
        QCOMPARE(s.highlightedRegions(), QStringList{marks[1].id});

        // a question about something else sends the image as it is
        QVERIFY(s.conversation()->send(QStringLiteral("what colour is the square?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QVERIFY(CapturingBackend::lastMarks.isEmpty());
    }
};

QTEST_MAIN(TestSessionProposals)
#include "tst_session_proposals.moc"
