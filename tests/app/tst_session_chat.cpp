// The conversation against a scripted engine (no libtorch): answers streaming into overlays, stop,
// regenerate, engine errors, and the GUI thread staying responsive while the engine works.
#include "session_fixture.h"

class TestSessionChat : public QObject
{
    Q_OBJECT

private slots:
    void referringAnswerTakesTheUsersWords()
    {
        // Kosmos-2 answers a referring expression with regions only, and a full stop: the phrase was the user's.
        auto engine = makeEngine(QStringLiteral("<object><patch_index_0164><patch_index_0491></object>."));
        Session s;
        openDemo(s, engine.get());
        QCOMPARE(s.conversation()->previewPrompt(QStringLiteral("the red circle"), QStringLiteral("refer")),
                 QStringLiteral("<grounding><phrase>the red circle</phrase>"));
        QVERIFY(s.conversation()->send(QStringLiteral("the red circle"), QStringLiteral("refer")));
        QTRY_VERIFY(!s.conversation()->answering());
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.text, QStringLiteral("the red circle."));
        QCOMPARE(answer.entities.size(), 1);
        const QVariantMap entity = answer.entities.first().toMap();
        QCOMPARE(entity.value(QStringLiteral("spanBegin")).toInt(), 0);
        QCOMPARE(entity.value(QStringLiteral("spanEnd")).toInt(), 14);
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.regions()->items().first().label, QStringLiteral("the red circle"));
    }

    void regionsOnlyAnswerShowsTheQuestion()
    {
        // A free question answered with a box and a full stop: the bubble and the box say what was asked.
        auto engine = makeEngine(QStringLiteral("<object><patch_index_0164><patch_index_0491></object>."));
        Session s;
        openDemo(s, engine.get());
        QVERIFY(s.conversation()->send(QStringLiteral("Where is the red circle?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.chat()->items().last().text, QStringLiteral("Where is the red circle?"));
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.regions()->items().first().label, QStringLiteral("Where is the red circle?"));
    }

    void wordlessAnswerRegionsNeverShowMarkup()
    {
        // A region the answer names with no phrase gets no label rather than its tokens.
        auto engine = makeEngine(QStringLiteral("It is here<object><patch_index_0164><patch_index_0491></object>."));
        Session s;
        openDemo(s, engine.get());
        QVERIFY(s.conversation()->send(QStringLiteral("where is it?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.chat()->items().last().text, QStringLiteral("It is here."));
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.regions()->items().first().label, QString());
        QCOMPARE(s.chat()->items().last().entities.first().toMap().value(QStringLiteral("phrase")).toString(), QString());
    }

    void streamedAnswerCreatesOverlaysInOrder()
    {
        auto engine = makeEngine(kAnswer);
        Session s;
        openDemo(s, engine.get());
        s.addBox(QRectF(80, 70, 141, 141));
        QCOMPARE(s.conversation()->previewPrompt(QStringLiteral("what is @R1?"), QString()),
                 QStringLiteral("<grounding>Question: what is <phrase>this region</phrase><object><patch_index_0164>"
                                "<patch_index_0491></object>? Answer:"));
        QSignalSpy added(&s, &Session::regionAdded);
        QVERIFY(s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        QVERIFY(s.conversation()->answering());
        QVERIFY2(!s.canUndo(), "no undo while an answer streams");
        QTRY_VERIFY(!s.conversation()->answering());
        QStringList modelIds;
        for (const QList<QVariant> &args : added)
            if (args.at(1).toBool() && !modelIds.contains(args.at(0).toString()))
                modelIds << args.at(0).toString();
        QCOMPARE(modelIds, (QStringList{QStringLiteral("A1"), QStringLiteral("A2")}));
        // the first region was reported while the answer was still streaming
        QVERIFY(added.count() >= 2);
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.text, QStringLiteral("An image of a red circle and a blue square."));
        QCOMPARE(answer.entities.size(), 2);
        const RegionItem circle = s.regions()->items()[1];
        QCOMPARE(circle.label, QStringLiteral("a red circle"));
        QVERIFY(circle.fromModel);
        QCOMPARE(circle.messageIndex, 1);
        // cell (4,5)-(11,15) of a 32x32 grid over 640x427: cell centres
        QCOMPARE(circle.box.left(), 4.5 / 32 * 640);
        QCOMPARE(circle.box.bottom(), 15.5 / 32 * 427);
        // hover links both ways
        s.hoverEntity(1, 1);
        QCOMPARE(s.highlightedRegions(), QStringList{QStringLiteral("A2")});
        s.hoverRegion(QStringLiteral("A1"));
        QCOMPARE(s.highlightedMessage(), 1);
        QCOMPARE(s.highlightedEntity(), 0);
        // the chat model follows the session itself, with no view in between
        const auto highlighted = [&](int row) {
            return s.chat()->data(s.chat()->index(row), int(ChatModel::Role::HighlightedEntity)).toInt();
        };
        QCOMPARE(highlighted(1), 0);
        QCOMPARE(highlighted(0), -1);
        s.clearHover();
        QCOMPARE(s.highlightedMessage(), -1);
        QCOMPARE(highlighted(1), -1);
        s.hoverRegion(QStringLiteral("A1"));
        QVERIFY(s.chat()->richTextFor(1, 0).contains(QStringLiteral("underline")));
        // the whole turn is one undo step
        s.undo();
        QCOMPARE(s.chat()->rowCount(), 0);
        QCOMPARE(s.regions()->rowCount(), 1);
        s.redo();
        QCOMPARE(s.chat()->rowCount(), 2);
        QCOMPARE(s.regions()->rowCount(), 3);
    }

    void stopKeepsThePartialAnswer()
    {
        auto engine = makeEngine(kAnswer.repeated(20), 5);
        Session s;
        openDemo(s, engine.get());
        QVERIFY(s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        QTRY_VERIFY(s.chat()->items().last().text.size() > 20);
        s.conversation()->stop();
        QTRY_VERIFY(!s.conversation()->answering());
        const ChatMessage m = s.chat()->items().last();
        QVERIFY(m.cancelled);
        QVERIFY(!m.text.isEmpty());
        QVERIFY(m.raw.size() < kAnswer.repeated(20).size());
        QVERIFY(s.conversation()->regenerate());
        QVERIFY(s.conversation()->answering());
        QCOMPARE(s.chat()->rowCount(), 2);
        QTRY_VERIFY(!s.chat()->items().last().text.isEmpty());
        s.conversation()->stop();
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.chat()->rowCount(), 2);
    }

    void regenerateAnyAnswerWithTheConversationBeforeIt()
    {
        auto engine = makeEngine(kAnswer, 1);
        Session s;
        converse(s, engine.get(), {QStringLiteral("first?"), QStringLiteral("second?"), QStringLiteral("third?")});
        QCOMPARE(s.chat()->rowCount(), 6);
        const QList<ChatMessage> before = s.chat()->items();
        const int regionsBefore = s.regions()->rowCount();

        QVERIFY(s.conversation()->regenerate(3)); // the answer to "second?"
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(CapturingBackend::lastPrompt, before[2].prompt);
        QCOMPARE(CapturingBackend::lastHistory.size(), 1);
        QCOMPARE(CapturingBackend::lastHistory[0].prompt, before[0].prompt);
        QCOMPARE(CapturingBackend::lastHistory[0].answer, QString::fromUtf8(before[1].raw));
        QCOMPARE(s.chat()->rowCount(), 4); // the third turn is dropped ...
        QCOMPARE(s.chat()->items()[3].text, before[3].text);
        QCOMPARE(s.undoText(), QStringLiteral("Answer"));
        s.undo(); // ... and comes back with one undo step
        QCOMPARE(s.chat()->rowCount(), 6);
        QCOMPARE(s.chat()->items()[5].raw, before[5].raw);
        QCOMPARE(s.regions()->rowCount(), regionsBefore);
    }

    // A model trained on single prompts (the demo model, Kosmos-2) gets each free-chat question on its own:
    // given the conversation whole it answers the earlier turns ("one." for four shapes).
    void singleTurnModelsGetEachQuestionAlone()
    {
        auto engine = makeEngineWith([] {
            auto b = std::make_unique<CapturingBackend>(QStringLiteral("kosmos2"), kAnswer, 1, 3);
            b->setMultiTurn(false);
            return b;
        });
        QVERIFY(!engine->modelMultiTurn());
        Session s;
        converse(s, engine.get(), {QStringLiteral("first?"), QStringLiteral("second?")});
        QCOMPARE(CapturingBackend::lastPrompt, s.chat()->items()[2].prompt);
        QVERIFY(CapturingBackend::lastHistory.isEmpty());
        EngineController::setFactoryOverride({});
    }

    void stopBeforeTheFirstWordOfARegenerateKeepsThePreviousAnswer()
    {
        auto engine = makeEngine(kAnswer, 1);
        Session s;
        converse(s, engine.get(), {QStringLiteral("first?"), QStringLiteral("second?")});
        const QList<ChatMessage> before = s.chat()->items();
        const int regionsBefore = s.regions()->rowCount();
        CapturingBackend::stall = true;
        QVERIFY(s.conversation()->regenerate(1));
        QCOMPARE(s.chat()->rowCount(), 2);
        s.conversation()->stop();
        QTRY_VERIFY(!s.conversation()->answering());
        CapturingBackend::stall = false;
        QCOMPARE(s.chat()->rowCount(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(s.chat()->items()[i].raw, before[i].raw);
            QCOMPARE(s.chat()->items()[i].text, before[i].text);
            QVERIFY(!s.chat()->items()[i].cancelled);
        }
        QCOMPARE(s.regions()->rowCount(), regionsBefore);
        s.undo(); // no step of its own: undo takes back the second turn
        QCOMPARE(s.chat()->rowCount(), 2);
    }

    void engineErrorsKeepTheConversation()
    {
        auto engine = makeEngineWith([] {
            auto b = std::make_unique<FakeBackend>(QStringLiteral("kosmos2"), QStringLiteral("x"));
            b->failNext(QStringLiteral("The engine ran out of memory."));
            return b;
        });
        Session s;
        openDemo(s, engine.get());
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(s.conversation()->send(QStringLiteral("hello"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(errors.count(), 1);
        QCOMPARE(s.chat()->rowCount(), 2);
        // the cause comes with the sentence (FakeBackend::failNext's detail)
        QCOMPARE(s.chat()->items()[1].error, QStringLiteral("The engine ran out of memory. (fault injected by the test)"));
    }

    void noModelIsAClearError()
    {
        Session s;
        QVERIFY(s.addImagePath(kDemo));
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(!s.conversation()->send(QStringLiteral("hi"), QString()));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(s.chat()->rowCount(), 0);
    }

    void badModelFolderFailsClearly()
    {
        EngineController::setFactoryOverride({});
        EngineController engine;
        engine.loadFolder(QStringLiteral("/nonexistent/model"));
        QTRY_COMPARE(engine.state(), EngineController::State::Failed);
        QVERIFY(!engine.errorText().isEmpty());
    }

    void guiThreadKeepsServingEventsWhileTheEngineWorks()
    {
        // The engine streams a long answer; a 4 ms timer on the GUI thread measures how late it fires.
        auto engine = makeEngine(kAnswer.repeated(40), 1);
        Session s;
        openDemo(s, engine.get());
        QVector<qint64> lateness;
        QElapsedTimer clock;
        clock.start();
        qint64 expected = 4;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(4);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            lateness << std::max<qint64>(0, now - expected);
            expected = now + 4;
        });
        tick.start();
        QVERIFY(s.conversation()->send(QStringLiteral("<grounding> An image of"), QString()));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
        tick.stop();
        QVERIFY(lateness.size() > 10);
        std::sort(lateness.begin(), lateness.end());
        const qint64 p99 = lateness[qsizetype(double(lateness.size() - 1) * 0.99)];
        qInfo("GUI event latency while streaming: p99 %lld ms over %lld ticks, %d model regions",
              static_cast<long long>(p99), static_cast<long long>(lateness.size()), s.regions()->rowCount());
        QVERIFY(s.regions()->rowCount() >= 80);
    }
};

QTEST_MAIN(TestSessionChat)
#include "tst_session_chat.moc"
