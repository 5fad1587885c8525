// Tiled turns in the app (core/tiling.h, app/engine/tiledask.h): the demo model in process on a large scene of
// small objects, through Session -> EngineController -> engine thread. Auto finds in tiles what the whole image
// hides, the bubble counts the views answered, Stop keeps what the tiles answered so far, and a turn citing a
// region is asked about the whole image.
#include "session_fixture.h"

#include "core/tiling.h"

namespace {

constexpr uint64_t kLargeScene = 9200;
const gc::SizeI kLargeSize{1024, 960};

struct LargeScene {
    gc::demo::Scene scene;
    QString path;
};

const LargeScene &largeScene()
{
    static QTemporaryDir dir;
    static const LargeScene large = [] {
        LargeScene l{gc::demo::makeLargeScene(kLargeScene, kLargeSize, 10, 36, 56), dir.filePath(QStringLiteral("large.png"))};
        const gc::io::RgbImage &img = l.scene.image;
        QImage(img.pixels.data(), img.width, img.height, img.width * 3, QImage::Format_RGB888).save(l.path);
        return l;
    }();
    return large;
}

// Objects of the scene that a box of answer `row` covers at IoU >= 0.5.
int found(Session &s, int row)
{
    int n = 0;
    for (const gc::demo::Object &o : largeScene().scene.objects) {
        bool hit = false;
        for (const RegionItem &r : s.regions()->items())
            hit = hit || (r.fromModel && r.messageIndex == row &&
                          gc::iou({r.box.left(), r.box.top(), r.box.right(), r.box.bottom()}, o.box) >= 0.5);
        n += hit;
    }
    return n;
}

} // namespace

class TestSessionTiles : public QObject
{
    Q_OBJECT

    std::unique_ptr<EngineController> m_engine; // the demo model, loaded once for every test

    EngineController &demoEngine() { return *m_engine; }

    void openLarge(Session &s)
    {
        QTRY_COMPARE_WITH_TIMEOUT(demoEngine().state(), EngineController::State::Ready, 60000);
        s.conversation()->setEngine(&demoEngine());
        QVERIFY(s.addImagePath(largeScene().path));
    }

private slots:
    void initTestCase()
    {
        EngineController::setFactoryOverride({});
        m_engine = std::make_unique<EngineController>();
        m_engine->loadFolder(demoModelPath());
    }

    void cleanupTestCase() { m_engine.reset(); }

    void autoFindsInTilesWhatTheWholeImageHides()
    {
        Session s;
        openLarge(s);
        const int objects = int(largeScene().scene.objects.size());
        QVERIFY(objects >= 8);
        QCOMPARE(s.conversation()->tiling(), QStringLiteral("auto"));
        QSignalSpy progress(&demoEngine(), &EngineController::answerTileProgress);
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("grounded-caption")));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
        const int tiled = int(s.chat()->items().size()) - 1;
        const ChatMessage answer = s.chat()->items().at(tiled);
        QCOMPARE(answer.error, QString());
        // a 4x4 grid for a 128-pixel input, and the whole image: one report per view, then done
        QCOMPARE(answer.tilesTotal, 17);
        QCOMPARE(answer.tilesDone, 17);
        QCOMPARE(progress.size(), 18);
        QCOMPARE(progress.first().at(1).toInt(), 0);
        QCOMPARE(progress.last().at(1).toInt(), 17);
        QVERIFY2(found(s, tiled) >= objects * 8 / 10, qPrintable(QString::number(found(s, tiled))));
        // an empty tile's answer makes no box: every region is about an object's size, far under a tile's
        const std::vector<gc::Tile> tiles = gc::tilesOf(kLargeSize, {4, 4});
        QStringList ids;
        for (const RegionItem &r : s.regions()->items())
            if (r.fromModel && r.messageIndex == tiled) {
                ids << r.id;
                QVERIFY2(r.box.width() * r.box.height() < gc::kWholeTileCover * tiles.front().box.area() / 4,
                         qPrintable(QStringLiteral("%1: %2 x %3").arg(r.id).arg(r.box.width()).arg(r.box.height())));
            }
        QVERIFY2(!answer.text.contains(QStringLiteral(", ,")), qPrintable(answer.text));
        // the views are a tool run of the question, saved with the session
        const ChatMessage asked = s.chat()->items().at(tiled - 1);
        QCOMPARE(asked.tools.size(), 1);
        const ToolRun run = asked.tools[0];
        QCOMPARE(run.tool, QStringLiteral("tiles"));
        // the grid and each tile's rectangle, in the record and in its text
        QCOMPARE(run.grid, QSize(4, 4));
        QCOMPARE(run.tiles.size(), 16);
        for (qsizetype k = 0; k < run.tiles.size(); ++k) {
            const gc::Box &b = tiles[size_t(k)].box;
            QCOMPARE(run.tiles[k], QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2)));
        }
        const QStringList lines = run.output.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 17);
        QCOMPARE(lines[0], QStringLiteral("Tiled: 4×4 tiles + whole view"));
        QCOMPARE(lines[1], QStringLiteral("tile 1: %1, %2 – %3, %4")
                               .arg(tiles[0].box.x1).arg(tiles[0].box.y1).arg(tiles[0].box.x2).arg(tiles[0].box.y2));
        QVERIFY(run.region.isNull());
        QVERIFY(run.ms > 0);
        QCOMPARE(run.regionIds, ids);
        // beside the image, which the session then opens without asking
        const QString path = QFileInfo(largeScene().path).dir().filePath(QStringLiteral("tiles.gcsession"));
        QVERIFY(s.file()->saveToPath(path));
        Session loaded;
        QVERIFY(loaded.file()->openPath(path));
        QCOMPARE(loaded.chat()->items().at(tiled - 1).tools, asked.tools);
        QCOMPARE(loaded.chat()->items().at(tiled - 1).tools[0].grid, QSize(4, 4));
        // the chat's card gets them too
        const QVariantMap card = loaded.chat()
                                     ->data(loaded.chat()->index(tiled - 1), int(ChatModel::Role::Tools))
                                     .toList()
                                     .first()
                                     .toMap();
        QCOMPARE(card.value(QStringLiteral("grid")).toList(), (QVariantList{4, 4}));
        QCOMPARE(card.value(QStringLiteral("tiles")).toList().size(), 16);

        s.conversation()->setTiling(QStringLiteral("whole"));
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("grounded-caption")));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
        const int whole = int(s.chat()->items().size()) - 1;
        QCOMPARE(s.chat()->items().at(whole).tilesTotal, 0);
        QVERIFY(s.chat()->items().at(whole - 1).tools.isEmpty());
        QVERIFY2(found(s, whole) < objects / 2, qPrintable(QString::number(found(s, whole))));
    }

    void autoKeepsAReferringQuestionWhole()
    {
        Session s;
        openLarge(s);
        QVERIFY(s.conversation()->send(QStringLiteral("the red circle"), QStringLiteral("refer")));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
        QCOMPARE(s.chat()->items().at(1).tilesTotal, 0); // (a tiny box is then looked at closer: one crop, no tiles)
        QCOMPARE(s.chat()->items().last().tilesTotal, 0);
    }

    void stopKeepsWhatTheTilesFoundSoFar()
    {
        Session s;
        openLarge(s);
        s.conversation()->setTiling(QStringLiteral("tiled"));
        // Stop as the third view is reported: the engine is then at most a view further
        const QMetaObject::Connection stopAtThree =
            connect(&demoEngine(), &EngineController::answerTileProgress, this, [&](quint64, int done, int) {
                if (done == 3)
                    s.conversation()->stop();
            });
        QVERIFY(s.conversation()->send(QString(), QStringLiteral("grounded-caption")));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
        disconnect(stopAtThree);
        const ChatMessage answer = s.chat()->items().last();
        QVERIFY(answer.cancelled);
        QCOMPARE(answer.error, QString());
        QVERIFY2(answer.tilesDone >= 3 && answer.tilesDone < 17, qPrintable(QString::number(answer.tilesDone)));
        // the record says how far the views got
        const QList<ToolRun> tools = s.chat()->items().at(s.chat()->items().size() - 2).tools;
        QCOMPARE(tools.size(), 1);
        QCOMPARE(tools[0].output.section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("Tiled: 4×4 tiles + whole view (%1 of 17 views answered)").arg(answer.tilesDone));
        QCOMPARE(tools[0].tiles.size(), 16);
        QVERIFY2(found(s, int(s.chat()->items().size()) - 1) >= 1, "the regions of the tiles answered are kept");
    }

    void aTurnCitingARegionIsAskedWhole()
    {
        Session s;
        openLarge(s);
        s.conversation()->setTiling(QStringLiteral("tiled"));
        const gc::Box b = largeScene().scene.objects.front().box;
        const QString id = s.addBox(QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2)));
        QVERIFY(s.conversation()->send(QLatin1Char('@') + id, QStringLiteral("region")));
        QTRY_VERIFY_WITH_TIMEOUT(!s.conversation()->answering(), 60000);
        QCOMPARE(s.chat()->items().last().tilesTotal, 0);
    }
};

QTEST_MAIN(TestSessionTiles)
#include "tst_session_tiles.moc"
