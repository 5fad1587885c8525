// What the model is asked: prompts written by the dialect from the user's words, cited regions and task
// presets, against the demo model's training prompts; generation options and Set-of-Mark marks in the request.
#include "session_fixture.h"

class TestSessionPrompts : public QObject
{
    Q_OBJECT

private slots:
    void regionPresetSendsTheTrainedPrompt()
    {
        // The demo model learnt "describe this region" from engine/demo/tasks.cpp: the app must send that
        // very prompt (same token ids) for the same box, whatever the user's box was drawn as.
        const QString folder = demoModelPath();
        QVERIFY2(!folder.isEmpty(), "the demo model is part of the source tree");
        gc::runtime::LocalModel model;
        QVERIFY(model.load(folder.toStdString()).ok());
        const gc::Dialect *kosmos = gc::dialects::find("kosmos2");
        QTemporaryDir dir;
        auto engine = makeEngine(QStringLiteral("an orange diamond."));
        Session s;
        s.conversation()->setEngine(engine.get());
        for (uint64_t seed = 11; seed < 14; ++seed) {
            const gc::demo::Scene scene = gc::demo::makeScene(seed);
            const QString path = dir.filePath(QStringLiteral("scene-%1.png").arg(seed));
            QVERIFY(QImage(scene.image.pixels.data(), scene.image.width, scene.image.height, scene.image.width * 3,
                           QImage::Format_RGB888)
                        .save(path));
            QVERIFY(s.addImagePath(path));
            std::mt19937_64 rng(seed);
            const gc::demo::Example ex = gc::demo::makeExample(scene, gc::demo::Task::Region, rng);
            // the box the trained prompt encodes, drawn by the user
            gc::DecodeOptions o;
            o.imageSize = {scene.image.width, scene.image.height};
            const gc::GroundedText cells = kosmos->decode(ex.prompt, o).toPixels(o.imageSize);
            QCOMPARE(cells.regionCount(), size_t(1));
            const gc::Box b = cells.entities.front().regions.front().box;
            const QString id = s.addBox(QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2)));
            const QString prompt = s.conversation()->previewPrompt(QLatin1Char('@') + id, QStringLiteral("region"));
            QCOMPARE(prompt, QString::fromStdString(ex.prompt));
            const gc::SizeI size{scene.image.width, scene.image.height};
            QCOMPARE(model.promptIds(prompt.toStdString(), size), model.promptIds(ex.prompt, size));

            // the referring expression and the counting question of the same scene, as a user types them
            const gc::demo::Example refer = gc::demo::makeExample(scene, gc::demo::Task::Refer, rng);
            QCOMPARE(model.promptIds(s.conversation()->previewPrompt(QString::fromStdString(refer.expected), QStringLiteral("refer")).toStdString(), size),
                     model.promptIds(refer.prompt, size));
            const gc::demo::Example count = gc::demo::makeExample(scene, gc::demo::Task::Count, rng);
            const QString question = QString::fromStdString(count.prompt).remove(QStringLiteral("<grounding>Question: ")).remove(QStringLiteral(" Answer:"));
            QCOMPARE(s.conversation()->previewPrompt(question, QString()), QString::fromStdString(count.prompt));
            const QString what = QString(question).remove(QStringLiteral("How many ")).remove(QStringLiteral(" are there?"));
            QCOMPARE(s.conversation()->previewPrompt(what, QStringLiteral("count")), QString::fromStdString(count.prompt));
        }
        // a point on a box-only family is a small box around it
        const QString point = s.addPoint(QPointF(60, 50), false);
        gc::EncodeRequest request;
        const QSize size = s.currentImageSize();
        request.imageSize = {size.width(), size.height()};
        request.task = "region";
        gc::PromptRegion around;
        const double rx = size.width() * 0.02, ry = size.height() * 0.02;
        around.box = {60 - rx, 50 - ry, 60 + rx, 50 + ry};
        request.regions = {around};
        QCOMPARE(s.conversation()->previewPrompt(QLatin1Char('@') + point, QStringLiteral("region")),
                 QString::fromStdString(kosmos->encode(request).text));
    }

    void demoModelDescribesTheCitedRegion()
    {
        // The demo model in process, as the app runs it: a box drawn on an object, "Describe this region",
        // and the answer reads as the model's sentence from where the prompt stopped ("It is" + " an ...").
        EngineController::setFactoryOverride({});
        EngineController engine;
        engine.loadFolder(demoModelPath());
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineController::State::Ready, 60000);
        Session s;
        s.conversation()->setEngine(&engine);
        QTemporaryDir dir;
        const gc::demo::Scene scene = gc::demo::makeScene(kDescribedScene);
        const QString path = dir.filePath(QStringLiteral("scene.png"));
        QVERIFY(QImage(scene.image.pixels.data(), scene.image.width, scene.image.height, scene.image.width * 3,
                       QImage::Format_RGB888)
                    .save(path));
        QVERIFY(s.addImagePath(path));
        for (const gc::demo::Object &o : scene.objects) {
            const QString id = s.addBox(QRectF(QPointF(o.box.x1, o.box.y1), QPointF(o.box.x2, o.box.y2)));
            QVERIFY(s.conversation()->send(QLatin1Char('@') + id, QStringLiteral("region")));
            QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
            const ChatMessage answer = s.chat()->items().last();
            QCOMPARE(answer.error, QString());
            QCOMPARE(answer.text, QString::fromStdString(gc::demo::kindPhrase(o.colour, o.shape, 1)) + QLatin1Char('.'));
            QVERIFY2(answer.entities.isEmpty(), "the cited box is the user's, not the answer's");
        }
    }

    void regionTasksOfEveryDialectAreWrittenByTheDialect()
    {
        // For every family and every task about a region, the app's prompt for a cited box or point is
        // exactly what the family's encoder writes for that task, or a clear refusal before sending.
        for (const gc::Dialect *d : gc::dialects::all()) {
            const QString id = QString::fromStdString(d->info().id);
            auto engine = makeEngine(QStringLiteral("x"), 2, id);
            Session s;
            openDemo(s, engine.get());
            const QString box = s.addBox(QRectF(QPointF(80, 70), QPointF(221, 211)));
            const QString point = s.addPoint(QPointF(150, 140), false);
            const QSize size = s.currentImageSize();
            for (const gc::TaskPrompt &t : d->info().tasks) {
                if (!t.needsRegion)
                    continue;
                const QString task = QString::fromStdString(t.id);
                const QString where = id + QLatin1Char('/') + task;
                gc::EncodeRequest request;
                request.imageSize = {size.width(), size.height()};
                request.task = t.id;
                gc::PromptRegion b;
                b.box = {80, 70, 221, 211};
                gc::PromptRegion p;
                if (d->info().caps.pointIn) {
                    p.kind = gc::RegionKind::Point;
                    p.point = {150, 140};
                } else {
                    p.box = {150 - size.width() * 0.02, 140 - size.height() * 0.02, 150 + size.width() * 0.02,
                             140 + size.height() * 0.02};
                }
                const std::pair<QString, gc::PromptRegion> cases[] = {{box, b}, {point, p}};
                for (const auto &[regionId, region] : cases) {
                    request.regions = {region};
                    const gc::EncodeResult expected = d->encode(request);
                    const QString text = QLatin1Char('@') + regionId;
                    QCOMPARE(s.conversation()->previewPrompt(text, task), expected.ok ? QString::fromStdString(expected.text) : QString());
                    QVERIFY2(expected.ok == s.conversation()->promptError(text, task).isEmpty(), qPrintable(where));
                }
                // no region cited: the last one drawn (the point), as the message box says
                QCOMPARE(s.conversation()->previewPrompt(QString(), task),
                         s.conversation()->previewPrompt(QLatin1Char('@') + point, task));
                QCOMPARE(s.conversation()->promptError(QString(), task), s.conversation()->promptError(QLatin1Char('@') + point, task));
                // the user's own words do not fit the family's region question
                QVERIFY(!s.conversation()->promptError(QStringLiteral("what colour is @R1?"), task).isEmpty());
            }
        }
    }

    void presetsFollowWhatTheModelWasTrainedOn()
    {
        const QStringList demoTasks{QStringLiteral("grounded-caption"), QStringLiteral("refer"), QStringLiteral("region"),
                                    QStringLiteral("count"), QStringLiteral("chat")};
        auto engine = makeEngine(QStringLiteral("x"), 2, QStringLiteral("kosmos2"), demoTasks);
        QCOMPARE(engine->modelTasks(), demoTasks);
        Session s;
        openDemo(s, engine.get());
        QMap<QString, QVariantMap> presets;
        for (const QVariant &v : s.conversation()->taskPresets())
            presets.insert(v.toMap().value(QStringLiteral("id")).toString(), v.toMap());
        for (const QString &id : {QString(), QStringLiteral("grounded-caption"), QStringLiteral("refer"),
                                  QStringLiteral("region"), QStringLiteral("count")}) {
            QVERIFY2(presets.contains(id), qPrintable(id));
            QVERIFY2(presets[id].value(QStringLiteral("trained")).toBool(), qPrintable(id));
        }
        QVERIFY(!presets[QStringLiteral("detailed")].value(QStringLiteral("trained")).toBool());
        QVERIFY(presets[QStringLiteral("detailed")].value(QStringLiteral("label")).toString().contains(QLatin1String("not trained")));
        // free chat wraps the user's words in the model's question format: the trained counting prompt
        QCOMPARE(s.conversation()->previewPrompt(QStringLiteral("How many triangles are there?"), QString()),
                 QStringLiteral("<grounding>Question: How many triangles are there? Answer:"));
        QCOMPARE(s.conversation()->previewPrompt(QStringLiteral("triangles"), QStringLiteral("count")),
                 QStringLiteral("<grounding>Question: How many triangles are there? Answer:"));
        // a model that declares nothing knows every task of its family
        auto all = makeEngine(QStringLiteral("x"));
        s.conversation()->setEngine(all.get());
        for (const QVariant &v : s.conversation()->taskPresets())
            QVERIFY(v.toMap().value(QStringLiteral("trained")).toBool());
        // a family without a conversational format sends the words as they are
        auto qwen = makeEngine(QStringLiteral("x"), 2, QStringLiteral("qwen2-vl"));
        s.conversation()->setEngine(qwen.get());
        QCOMPARE(s.conversation()->previewPrompt(QStringLiteral("How many cups?"), QString()), QStringLiteral("How many cups?"));
        // words-only tasks refuse a cited region instead of nesting it in their phrase
        s.conversation()->setEngine(all.get());
        s.addBox(QRectF(10, 10, 50, 50));
        QVERIFY(!s.conversation()->promptError(QStringLiteral("@R1"), QStringLiteral("refer")).isEmpty());
        QVERIFY(s.conversation()->promptError(QStringLiteral("what is @R1?"), QString()).isEmpty());
    }

    void qwen25VlPresetsHaveTheirNames()
    {
        // the family's cookbook tasks: named objects, points, counting, text lines, documents
        auto engine = makeEngine(QStringLiteral("x"), 2, QStringLiteral("qwen2.5-vl"));
        Session s;
        s.conversation()->setEngine(engine.get());
        QMap<QString, QString> labels;
        for (const QVariant &v : s.conversation()->taskPresets())
            labels.insert(v.toMap().value(QStringLiteral("id")).toString(), v.toMap().value(QStringLiteral("label")).toString());
        QCOMPARE(labels.value(QStringLiteral("detect")), QStringLiteral("Detect objects"));
        QCOMPARE(labels.value(QStringLiteral("point")), QStringLiteral("Point to …"));
        QCOMPARE(labels.value(QStringLiteral("count")), QStringLiteral("Count"));
        QCOMPARE(labels.value(QStringLiteral("ocr")), QStringLiteral("Read the text (OCR)"));
        QCOMPARE(labels.value(QStringLiteral("document")), QStringLiteral("Parse document"));
        QCOMPARE(s.conversation()->previewPrompt(QString(), QStringLiteral("document")), QStringLiteral("QwenVL HTML"));
    }

    void generationOptionsReachTheRequest()
    {
        Session s;
        s.conversation()->setGeneration({{QStringLiteral("maxNewTokens"), 9999}, {QStringLiteral("temperature"), 0.7}});
        QCOMPARE(s.conversation()->generation().value(QStringLiteral("maxNewTokens")).toInt(), 4096);
        QCOMPARE(s.conversation()->generation().value(QStringLiteral("temperature")).toDouble(), 0.7);
    }

    void citedMarksAreDrawnForTheModel()
    {
        auto engine = makeEngine(QStringLiteral("It is [1]."), 5);
        Session s;
        openDemo(s, engine.get());
        s.addMark(QPointF(150, 140));
        QVERIFY(s.conversation()->send(QStringLiteral("what is @1?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(CapturingBackend::lastMarks.size(), 1);
        QCOMPARE(CapturingBackend::lastMarks[0].number, 1);
        // the model's copy has the number drawn at the mark: the red circle's centre is now dark
        // (the disc around the digit, left of the white "1")
        const QColor centre = CapturingBackend::lastImage.pixelColor(143, 140);
        QVERIFY2(centre.red() < 100, qPrintable(centre.name()));
        // and "[1]" in the answer links to mark 1
        QVERIFY(s.chat()->richTextFor(1, -1).contains(QStringLiteral("href=\"mark:1\"")));
        // a turn that cites no mark sends the image as it is
        QVERIFY(s.conversation()->send(QStringLiteral("and the rest?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QVERIFY(CapturingBackend::lastMarks.isEmpty());
    }
};

QTEST_MAIN(TestSessionPrompts)
#include "tst_session_prompts.moc"
