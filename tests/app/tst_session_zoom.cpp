// Look closer (app/session/session_zoom.cpp): a region asked about again on a crop around it, its box mapped
// back into the image, the crop in the chat; at once for a referring answer whose box is tiny.
#include "session_fixture.h"

#include "core/tiling.h"

namespace {

// one cell by one of Kosmos-2's 32x32 grid: on the 640x427 demo image a box of 20 x 13 pixels, under 1 % of it
const QString kTinyBox = QStringLiteral("<object><patch_index_0164><patch_index_0197></object>.");

QRectF answerBox(Session &s, int row)
{
    for (const RegionItem &r : s.regions()->items())
        if (r.fromModel && r.messageIndex == row)
            return r.box;
    return {};
}

} // namespace

class TestSessionZoom : public QObject
{
    Q_OBJECT

private slots:
    void aTinyReferringAnswerIsLookedAtCloserAtOnce()
    {
        auto engine = makeEngine(kTinyBox);
        Session s;
        openDemo(s, engine.get());
        QVERIFY(s.conversation()->send(QStringLiteral("the red circle"), QStringLiteral("refer")));
        QTRY_COMPARE(s.chat()->items().size(), 4);
        QTRY_VERIFY(!s.conversation()->answering());
        const QList<ChatMessage> chat = s.chat()->items();
        const QRectF first = answerBox(s, 1);
        QVERIFY(first.width() * first.height() < 0.01 * 640 * 427);
        const ChatMessage zoom = chat[2];
        QVERIFY(zoom.fromUser);
        QCOMPARE(zoom.text, QStringLiteral("the red circle"));
        QCOMPARE(zoom.task, QStringLiteral("refer"));
        // the crop: the first box grown by its size on each side, and what the model was shown
        const gc::Box expected = gc::zoomCrop({640, 427}, {first.left(), first.top(), first.right(), first.bottom()});
        QCOMPARE(zoom.crop, QRectF(QPointF(expected.x1, expected.y1), QPointF(expected.x2, expected.y2)));
        QCOMPARE(CapturingBackend::lastImage.size(), zoom.crop.size().toSize());
        QCOMPARE(s.chat()->data(s.chat()->index(2), int(ChatModel::Role::Crop)).toRectF(), zoom.crop);
        // the same cells of the crop, in the image's pixels: inside the crop, and finer than the first box
        const QRectF refined = answerBox(s, 3);
        QVERIFY2(zoom.crop.contains(refined), qPrintable(QStringLiteral("%1 %2 %3 %4").arg(refined.x()).arg(refined.y())
                                                             .arg(refined.width()).arg(refined.height())));
        QCOMPARE(refined.left(), zoom.crop.left() + 4.5 / 32 * zoom.crop.width());
        QVERIFY(refined.width() < first.width());
        QCOMPARE(s.chat()->items().at(3).error, QString());
        QCOMPARE(s.chat()->items().at(3).tilesTotal, 0); // one crop, not tiles
        // the zoom is a tool run of its question, which the session saves (the crop shown in the chat is not)
        QCOMPARE(zoom.tools.size(), 1);
        const ToolRun run = zoom.tools[0];
        QCOMPARE(run.tool, QStringLiteral("zoom"));
        QCOMPARE(run.region, zoom.crop);
        QCOMPARE(run.output, QStringLiteral("Look closer on A1"));
        QVERIFY(run.ms > 0);
        QCOMPARE(run.regionIds, QStringList{QStringLiteral("A2")});
        QVERIFY(chat[0].tools.isEmpty());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("zoom.gcsession"));
        QVERIFY(s.file()->saveToPath(path));
        Session loaded;
        QVERIFY(loaded.file()->openPath(path));
        QCOMPARE(loaded.chat()->items().at(2).tools, zoom.tools);
        // undone with its turn
        s.undo();
        QCOMPARE(s.chat()->items().size(), 2);
    }

    void aLargeReferringAnswerIsLeftAsItIs()
    {
        auto engine = makeEngine(QStringLiteral("<object><patch_index_0164><patch_index_0491></object>."));
        Session s;
        openDemo(s, engine.get());
        QVERIFY(s.conversation()->send(QStringLiteral("the red circle"), QStringLiteral("refer")));
        QTRY_VERIFY(!s.conversation()->answering());
        QTest::qWait(50);
        QCOMPARE(s.chat()->items().size(), 2);
    }

    void lookCloserNeedsABoxAndALabel()
    {
        auto engine = makeEngine(kTinyBox);
        Session s;
        openDemo(s, engine.get());
        QSignalSpy failed(&s, &Session::errorOccurred);
        const QString point = s.addPoint(QPointF(50, 50), false);
        s.renameRegion(point, QStringLiteral("a dot"));
        QVERIFY(!s.conversation()->lookCloser(point));
        const QString box = s.addBox(QRectF(10, 10, 40, 40));
        QVERIFY(!s.conversation()->lookCloser(box)); // no label
        QCOMPARE(failed.size(), 2);
        QVERIFY(!s.conversation()->lookCloser(QStringLiteral("R99")));
        QCOMPARE(s.chat()->items().size(), 0);
    }

    void lookCloserFindsTheObjectInTheCrop()
    {
        // The demo model in process on a large scene: a rough box around a small object, named; Look closer
        // answers a box on the object itself.
        EngineController::setFactoryOverride({});
        EngineController engine;
        engine.loadFolder(demoModelPath());
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineController::State::Ready, 60000);
        const gc::demo::Scene scene = gc::demo::makeLargeScene(9300, {1024, 960}, 10, 36, 56);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("large.png"));
        QVERIFY(QImage(scene.image.pixels.data(), scene.image.width, scene.image.height, scene.image.width * 3,
                       QImage::Format_RGB888)
                    .save(path));
        Session s;
        s.conversation()->setEngine(&engine);
        QVERIFY(s.addImagePath(path));
        int asked = 0, refined = 0;
        for (const gc::demo::Object &o : scene.objects) {
            // named by its kind when no other object is of it
            if (std::count_if(scene.objects.begin(), scene.objects.end(), [&](const gc::demo::Object &p) {
                    return p.colour == o.colour && p.shape == o.shape;
                }) != 1)
                continue;
            const double w = o.box.width(), h = o.box.height();
            const QRectF rough(QPointF(o.box.x1 - 0.4 * w, o.box.y1 - 0.2 * h), QPointF(o.box.x2 + 0.3 * w, o.box.y2 + 0.5 * h));
            QVERIFY(gc::iou({rough.left(), rough.top(), rough.right(), rough.bottom()}, o.box) < 0.5);
            const QString id = s.addBox(rough);
            s.renameRegion(id, QStringLiteral("the ") + QString::fromLatin1(gc::demo::colourName(o.colour)) +
                                   QLatin1Char(' ') + QString::fromLatin1(gc::demo::shapeName(o.shape)));
            QVERIFY(s.conversation()->lookCloser(id));
            QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
            const int row = int(s.chat()->items().size()) - 1;
            QCOMPARE(s.chat()->items().at(row).error, QString());
            const QRectF b = answerBox(s, row);
            ++asked;
            refined += gc::iou({b.left(), b.top(), b.right(), b.bottom()}, o.box) >= 0.5;
        }
        QVERIFY(asked >= 3);
        QVERIFY2(refined >= asked - 1, qPrintable(QStringLiteral("%1 of %2").arg(refined).arg(asked)));
    }
};

QTEST_MAIN(TestSessionZoom)
#include "tst_session_zoom.moc"
