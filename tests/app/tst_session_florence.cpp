// Florence-2 in the session, against a scripted engine that answers with real Florence-2 answers (the
// transformers tests' raw texts, ../shared/fixtures/dialect-examples.jsonl): a beam search's progress and
// then its whole answer, parsed as a streamed one; stop in mid-search; the cause of a failure shown; the
// processor's tasks with what each takes; boxes, polygons as masks and OCR quads.
#include "session_fixture.h"

#include "localbackend.h"

#include "nn/florence2/processor_prompt.h"

namespace {

// transformers tests/models/florence2/test_processing_florence2.py: test_post_process_generation (<OD>)
const QString kOdAnswer = QStringLiteral("car<loc_53><loc_334><loc_933><loc_775>");
// test_post_process_parse_description_with_polygons_from_text_and_spans: a polygon as the segmentation
// tasks write it
const QString kPolygonAnswer = QStringLiteral(
    "<loc_279><loc_379><loc_282><loc_379><loc_290><loc_373><loc_293><loc_373><loc_298><loc_369><loc_301><loc_369>");
// test_modeling_florence2.py: test_large_model_batching_inference_sdpa (<OCR_WITH_REGION>, Florence-2-large)
const QString kOcrAnswer = QStringLiteral(
    "</s><s><s><s>中新中<loc_533><loc_68><loc_653><loc_68><loc_653><loc_128><loc_533><loc_128>88<loc_1><loc_103>"
    "<loc_19><loc_103><loc_19><loc_125><loc_1><loc_125></s>");

// A scripted Florence-2 engine; with searchSteps > 0 it answers as a beam search does.
std::unique_ptr<EngineController> florence(const QString &answer, int searchSteps = 0, int msPerStep = 2,
                                           const QString &failure = {}, const QString &failureDetail = {})
{
    return makeEngineWith([=]() -> std::unique_ptr<ModelBackend> {
        auto b = std::make_unique<FakeBackend>(QStringLiteral("florence2"), answer, msPerStep);
        b->setSearchSteps(searchSteps, 63);
        if (!failure.isEmpty())
            b->failNext(failure, failureDetail);
        return b;
    });
}

// The centre of Florence-2's bin `v` of 1000 over `side` pixels, as its dialect reads it.
double bin(int v, int side) { return (v + 0.5) / 1000.0 * side; }

} // namespace

class TestSessionFlorence : public QObject
{
    Q_OBJECT

private slots:
    void beamSearchShowsItsStepsThenTheWholeAnswer()
    {
        auto engine = florence(kOdAnswer, 40, 5);
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        const QSize size = s.currentImageSize();
        // <OD> takes nothing but the image: an empty message sends it
        QVERIFY(s.conversation()->promptError(QString(), QStringLiteral("detect")).isEmpty());
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("detect")));
        QCOMPARE(s.chat()->items().first().prompt, QStringLiteral("<OD>"));
        // while it searches: its steps, out of the token limit, and no text yet
        QTRY_VERIFY(s.chat()->items().last().searchStep > 0);
        const QModelIndex bubble = s.chat()->index(1);
        QCOMPARE(bubble.data(int(ChatModel::Role::SearchMaxSteps)).toInt(), 63);
        QVERIFY(bubble.data(int(ChatModel::Role::SearchStep)).toInt() > 0);
        QVERIFY(s.chat()->items().last().streaming);
        QVERIFY(s.chat()->items().last().text.isEmpty());
        QTRY_VERIFY(!s.conversation()->answering());
        // then the answer, as a streamed one would have been read
        const ChatMessage answer = s.chat()->items().last();
        QCOMPARE(answer.searchStep, 0);
        QCOMPARE(answer.text, QStringLiteral("car"));
        QCOMPARE(answer.tokens, 40);
        QCOMPARE(answer.entities.size(), 1);
        QCOMPARE(s.regions()->items().size(), 1);
        const RegionItem car = s.regions()->items().first();
        QCOMPARE(car.kind, QStringLiteral("box"));
        QCOMPARE(car.label, QStringLiteral("car"));
        QCOMPARE(car.box.left(), bin(53, size.width()));
        QCOMPARE(car.box.top(), bin(334, size.height()));
        QCOMPARE(car.box.right(), bin(933, size.width()));
        QCOMPARE(car.box.bottom(), bin(775, size.height()));
    }

    void stopInMidSearchKeepsTheBestFoundSoFar()
    {
        auto engine = florence(kOdAnswer, 100000, 2);
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("detect")));
        QTRY_VERIFY(s.chat()->items().last().searchStep > 0);
        s.conversation()->stop();
        QTRY_VERIFY(!s.conversation()->answering());
        const ChatMessage answer = s.chat()->items().last();
        QVERIFY(answer.cancelled);
        QVERIFY(answer.error.isEmpty());
        QCOMPARE(answer.text, QStringLiteral("car"));
        QCOMPARE(s.regions()->items().size(), 1);
        QCOMPARE(s.chat()->items().first().text, QStringLiteral("Detect objects"));
    }

    void aFailureSaysItsCause()
    {
        const QString cause = QStringLiteral("position 64 is past the model's 64 positions");
        auto engine = florence(kOdAnswer, 0, 2, QStringLiteral("The model failed."), cause + QStringLiteral("\n  at step 63"));
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QSignalSpy errors(&s, &Session::errorOccurred);
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("detect")));
        QTRY_VERIFY(!s.conversation()->answering());
        const QString shown = s.chat()->items().last().error;
        QVERIFY2(shown.startsWith(QStringLiteral("The model failed.")), qPrintable(shown));
        QVERIFY2(shown.contains(cause + QStringLiteral(" at step 63")), qPrintable(shown)); // on one line
        QVERIFY(!shown.contains(QLatin1Char('\n')));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(s.lastError(), shown);
    }

    void everyTaskOfTheProcessorByNameWithWhatItTakes()
    {
        auto engine = florence(kOdAnswer);
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        QMap<QString, QVariantMap> presets;
        for (const QVariant &v : s.conversation()->taskPresets())
            presets.insert(v.toMap().value(QStringLiteral("id")).toString(), v.toMap());
        const QMap<gc::nn::florence2::TaskInput, QString> inputs{{gc::nn::florence2::TaskInput::None, QStringLiteral("none")},
                                                                 {gc::nn::florence2::TaskInput::Phrase, QStringLiteral("phrase")},
                                                                 {gc::nn::florence2::TaskInput::Region, QStringLiteral("region")}};
        QCOMPARE(gc::nn::florence2::tasks().size(), size_t(15));
        for (const gc::nn::florence2::Task &t : gc::nn::florence2::tasks()) {
            const QString id = QString::fromStdString(t.dialectTask);
            QVERIFY2(presets.contains(id), qPrintable(id));
            const QVariantMap p = presets[id];
            const QString label = p.value(QStringLiteral("label")).toString();
            // a name, not the id or the token
            QVERIFY2(label != id && !label.contains(QLatin1Char('<')) && !label.contains(QLatin1Char('-')), qPrintable(label));
            QCOMPARE(p.value(QStringLiteral("input")).toString(), inputs[t.input]);
            QVERIFY(!p.value(QStringLiteral("inputLabel")).toString().isEmpty());
            QVERIFY(!p.value(QStringLiteral("inputHint")).toString().isEmpty());
        }
        QCOMPARE(presets[QStringLiteral("detect")].value(QStringLiteral("label")).toString(), QStringLiteral("Detect objects"));
        QCOMPARE(presets[QStringLiteral("segment")].value(QStringLiteral("input")).toString(), QStringLiteral("phrase"));
        QCOMPARE(presets[QStringLiteral("region")].value(QStringLiteral("input")).toString(), QStringLiteral("region"));

        // nothing: the task token alone; a phrase: asked for, then in the template
        QCOMPARE(s.conversation()->previewPrompt(QString(), QStringLiteral("ocr-regions")), QStringLiteral("<OCR_WITH_REGION>"));
        QVERIFY(!s.conversation()->promptError(QString(), QStringLiteral("segment")).isEmpty());
        QCOMPARE(s.conversation()->previewPrompt(QStringLiteral("the red circle"), QStringLiteral("segment")),
                 QStringLiteral("<REFERRING_EXPRESSION_SEGMENTATION>the red circle"));
    }

    void aRegionTaskTakesTheDrawnBoxAsLocTokens()
    {
        auto engine = florence(QStringLiteral("a red circle"));
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        const QString noBox = s.conversation()->promptError(QString(), QStringLiteral("region"));
        QVERIFY2(noBox.contains(QStringLiteral("draw a box")), qPrintable(noBox));
        const QSize size = s.currentImageSize();
        const QRectF drawn(80, 70, 141, 141);
        const QString id = s.addBox(drawn);
        // the last box drawn, without citing it; as the engine's prompt builder writes a region
        gc::PromptRegion region;
        region.box = {drawn.left(), drawn.top(), drawn.right(), drawn.bottom()};
        const gc::nn::florence2::PromptText expected = gc::nn::florence2::taskText(
            *gc::nn::florence2::findTask("<REGION_TO_DESCRIPTION>"), {}, {region}, {size.width(), size.height()});
        QVERIFY(expected.ok);
        const QString prompt = s.conversation()->previewPrompt(QString(), QStringLiteral("region"));
        QCOMPARE(prompt, QString::fromStdString(expected.text));
        QVERIFY(prompt.startsWith(QStringLiteral("<REGION_TO_DESCRIPTION><loc_")));
        // which the processor's prompt construction turns into its question about those bins
        const gc::nn::florence2::PromptText question = gc::nn::florence2::constructPrompt(prompt.toStdString());
        QVERIFY(question.ok);
        QVERIFY2(QString::fromStdString(question.text).startsWith(QStringLiteral("What does the region <loc_")),
                 question.text.c_str());
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("region")));
        QCOMPARE(s.chat()->items().first().prompt, prompt);
        QCOMPARE(s.chat()->items().first().text, QStringLiteral("Describe this region @") + id);
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.chat()->items().last().text, QStringLiteral("a red circle"));
    }

    void segmentationPolygonsBecomeMasks()
    {
        auto engine = florence(kPolygonAnswer, 12);
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        const QSize size = s.currentImageSize();
        QVERIFY(s.conversation()->send(QStringLiteral("the red circle"), QStringLiteral("segment")));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.regions()->items().size(), 1);
        const RegionItem r = s.regions()->items().first();
        QCOMPARE(r.kind, QStringLiteral("mask"));
        QCOMPARE(r.maskSize, size);
        const std::optional<gc::Rle> rle = gc::rleFromString(r.maskRle.toStdString(), size.width(), size.height());
        QVERIFY(rle);
        const std::optional<gc::Mask> mask = gc::rleDecode(*rle);
        QVERIFY(mask && mask->area() > 0);
        // the pixels lie inside the polygon's bounds
        const gc::Box bounds = mask->bbox();
        QVERIFY(bounds.x1 >= std::floor(bin(279, size.width())) - 1 && bounds.x2 <= std::ceil(bin(301, size.width())) + 1);
        QVERIFY(bounds.y1 >= std::floor(bin(369, size.height())) - 1 && bounds.y2 <= std::ceil(bin(379, size.height())) + 1);
    }

    void ocrQuadsAreDrawnAsQuads()
    {
        auto engine = florence(kOcrAnswer);
        Session s;
        s.conversation()->setEngine(engine.get());
        QVERIFY(s.addImagePath(kDemo));
        const QSize size = s.currentImageSize();
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("ocr-regions")));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.regions()->items().size(), 2);
        const RegionItem first = s.regions()->items().first();
        QCOMPARE(first.kind, QStringLiteral("quad"));
        QCOMPARE(first.label, QStringLiteral("中新中"));
        const QList<QPointF> corners{{bin(533, size.width()), bin(68, size.height())},
                                     {bin(653, size.width()), bin(68, size.height())},
                                     {bin(653, size.width()), bin(128, size.height())},
                                     {bin(533, size.width()), bin(128, size.height())}};
        QCOMPARE(first.points, corners);
        QCOMPARE(s.regions()->items()[1].label, QStringLiteral("88"));
    }

    void theAnswerLengthIsTheModelsOwnUnlessSet()
    {
        Session s;
        QCOMPARE(s.conversation()->generation().value(QStringLiteral("maxNewTokens")).toInt(), 0);
        QVERIFY(!generationParams(GenerationSettings{}).maxNewTokens.has_value());
        GenerationSettings set;
        set.maxNewTokens = 200;
        QCOMPARE(generationParams(set).maxNewTokens.value_or(0), 200);
    }
};

QTEST_MAIN(TestSessionFlorence)
#include "tst_session_florence.moc"
