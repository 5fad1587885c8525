// The session file's contract: the app and the engine (and so the CLI) read and write one format. A session with
// every kind of region and message goes engine -> app -> engine and comes back field by field; the app's file
// exports through the CLI; a malformed file gives the same error in the app and in the CLI.
#include "session.h"

#include "annotate/session_document.h"
#include "annotate/session_format.h"
#include "annotate/session_timeline.h"
#include "core/rle.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace gc;
using namespace gc::annot;

namespace {

const QString kImage = QStringLiteral(GC_TEST_DATA "/session-trust/sessions/shapes.png"); // 96 x 64

QString q(const std::string &s) { return QString::fromStdString(s); }

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

SessionRegion region(const char *id, RegionKind kind, Box box)
{
    SessionRegion r;
    r.id = id;
    r.kind = kind;
    r.box = box;
    return r;
}

// Every kind of region, every flag and field away from its default somewhere, every kind of message.
SessionImage everyKind(const std::string &path)
{
    SessionImage im;
    im.path = path;
    im.size = {96, 64};
    SessionRegion box = region("R1", RegionKind::Box, {10.5, 4, 40.25, 30});
    box.label = "a box";
    box.color = 3;
    SessionRegion positive = region("R2", RegionKind::Point, {20, 20, 20, 20});
    positive.points = {{20, 20}};
    SessionRegion negative = region("R3", RegionKind::Point, {30, 31, 30, 31});
    negative.points = {{30, 31}};
    negative.positive = false;
    negative.visible = false;
    SessionRegion mark = region("M1", RegionKind::Mark, {50, 10, 70, 30});
    mark.mark = 7;
    mark.fromModel = true;
    mark.accepted = true;
    SessionRegion polygon = region("R4", RegionKind::Polygon, {5, 35, 30, 60});
    polygon.points = {{5, 35}, {30, 40}, {20, 60}};
    polygon.label = "ünïcode ✓";
    SessionRegion quad = region("A1", RegionKind::Quad, {60, 40, 90, 55});
    quad.points = {{60, 40}, {90, 41}, {89, 55}, {61, 54}};
    quad.fromModel = true;
    quad.message = 1;
    quad.entity = 0;
    quad.label = "OPEN";
    quad.source = "ocr";
    Mask pixels(96, 64);
    for (int y = 40; y < 60; ++y)
        for (int x = 40; x < 55; ++x)
            pixels.set(x, y, true);
    SessionRegion mask = region("R5", RegionKind::Mask, {40, 40, 55, 60});
    mask.maskRle = rleToString(rleEncode(pixels));
    mask.maskSize = {96, 64};
    mask.prompts = {{{45, 45}, true}, {{52, 58}, false}};
    im.regions = {box, positive, negative, mark, polygon, quad, mask};

    SessionMessage ask;
    ask.text = "What does the sign say?";
    ask.prompt = "<grounding>What does the sign say?";
    ask.task = "ocr";
    ask.dialect = "kosmos2";
    ask.tools = {{"ocr", Box{58.5, 39, 91, 56}, 123.25, "OPEN", {"A1"}, std::nullopt, {}},
                 {"ocr-hint", std::nullopt, 0, "text at …", {}, std::nullopt, {}},
                 {"tiles", std::nullopt, 900.5, "Tiled: 2×1 tiles + whole view", {"A1"}, SessionTileGrid{2, 1},
                  {Box{0, 0, 60, 64}, Box{36, 0, 96, 64}}}};
    SessionMessage answer;
    answer.fromUser = false;
    answer.text = "OPEN, and a phrase without a span";
    answer.raw = "<phrase>OPEN</phrase><object><patch_index_0001><patch_index_0002></object>";
    answer.dialect = "kosmos2";
    answer.entities = {{"OPEN", 0, 4, 2, {"A1"}}, {"a phrase without a span", -1, -1, 3, {}}};
    answer.ttftMs = 12.5;
    answer.tokensPerSecond = 33.25;
    answer.tokens = 17;
    SessionMessage stopped = answer;
    stopped.text = "half an ans";
    stopped.entities = {};
    stopped.cancelled = true;
    SessionMessage failed;
    failed.fromUser = false;
    failed.error = "the model ran out of memory";
    im.messages = {ask, answer, stopped, failed};
    im.nextRegion = 6;
    im.nextMark = 8;
    im.nextAnswerRegion = 2;
    return im;
}

void compareRegion(const RegionItem &a, const SessionRegion &f)
{
    QCOMPARE(a.id, q(f.id));
    QCOMPARE(a.kind, QString::fromLatin1(regionKindName(f.kind)));
    QCOMPARE(a.fromModel, f.fromModel);
    QCOMPARE(a.accepted, f.accepted);
    QCOMPARE(a.label, q(f.label));
    QCOMPARE(a.colorIndex, f.color);
    QCOMPARE(a.box, QRectF(QPointF(f.box.x1, f.box.y1), QPointF(f.box.x2, f.box.y2)));
    QCOMPARE(a.points.size(), qsizetype(f.points.size()));
    for (size_t i = 0; i < f.points.size(); ++i)
        QCOMPARE(a.points[qsizetype(i)], QPointF(f.points[i].x, f.points[i].y));
    QCOMPARE(a.positive, f.positive);
    QCOMPARE(a.markNumber, f.mark);
    QCOMPARE(a.visible, f.visible);
    QCOMPARE(a.messageIndex, f.message);
    QCOMPARE(a.entityIndex, f.entity);
    QCOMPARE(a.maskRle, q(f.maskRle));
    QCOMPARE(a.maskSize, QSize(f.maskSize.width, f.maskSize.height));
    QCOMPARE(a.source, q(f.source));
    QCOMPARE(a.promptPoints.size(), qsizetype(f.prompts.size()));
    for (size_t i = 0; i < f.prompts.size(); ++i) {
        QCOMPARE(a.promptPoints[qsizetype(i)], QPointF(f.prompts[i].at.x, f.prompts[i].at.y));
        QCOMPARE(a.promptPositive[qsizetype(i)], f.prompts[i].positive);
    }
}

void compareMessage(const ChatMessage &a, const SessionMessage &f)
{
    QCOMPARE(a.fromUser, f.fromUser);
    QCOMPARE(a.text, q(f.text));
    QCOMPARE(a.raw, QByteArray::fromStdString(f.raw));
    QCOMPARE(a.prompt, q(f.prompt));
    QCOMPARE(a.task, q(f.task));
    QCOMPARE(a.dialect, q(f.dialect));
    QCOMPARE(a.cancelled, f.cancelled);
    QCOMPARE(a.error, q(f.error));
    QCOMPARE(a.ttftMs, f.ttftMs);
    QCOMPARE(a.tokensPerSecond, f.tokensPerSecond);
    QCOMPARE(a.tokens, f.tokens);
    QCOMPARE(a.tools.size(), qsizetype(f.tools.size()));
    for (size_t i = 0; i < f.tools.size(); ++i) {
        const ToolRun &t = a.tools[qsizetype(i)];
        QCOMPARE(t.tool, q(f.tools[i].tool));
        QCOMPARE(t.region, f.tools[i].region ? QRectF(QPointF(f.tools[i].region->x1, f.tools[i].region->y1),
                                                      QPointF(f.tools[i].region->x2, f.tools[i].region->y2))
                                             : QRectF());
        QCOMPARE(t.ms, f.tools[i].ms);
        QCOMPARE(t.output, q(f.tools[i].output));
        QStringList ids;
        for (const std::string &id : f.tools[i].regionIds)
            ids << q(id);
        QCOMPARE(t.regionIds, ids);
        QCOMPARE(t.grid, f.tools[i].grid ? QSize(f.tools[i].grid->columns, f.tools[i].grid->rows) : QSize());
        QCOMPARE(t.tiles.size(), qsizetype(f.tools[i].tiles.size()));
        for (size_t k = 0; k < f.tools[i].tiles.size(); ++k) {
            const Box &b = f.tools[i].tiles[k];
            QCOMPARE(t.tiles[qsizetype(k)], QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2)));
        }
    }
    QCOMPARE(a.entities.size(), qsizetype(f.entities.size()));
    for (size_t i = 0; i < f.entities.size(); ++i) {
        const QVariantMap e = a.entities[qsizetype(i)].toMap();
        QCOMPARE(e.value(QStringLiteral("phrase")).toString(), q(f.entities[i].phrase));
        QCOMPARE(e.value(QStringLiteral("spanBegin")).toInt(), f.entities[i].spanBegin);
        QCOMPARE(e.value(QStringLiteral("spanEnd")).toInt(), f.entities[i].spanEnd);
        QCOMPARE(e.value(QStringLiteral("colorIndex")).toInt(), f.entities[i].colorIndex);
        QStringList ids;
        for (const std::string &id : f.entities[i].regionIds)
            ids << q(id);
        QCOMPARE(e.value(QStringLiteral("regionIds")).toStringList(), ids);
    }
}

// Whether every value of `original` stands in `back` (which may hold more: fields older files left out).
bool holds(const nlohmann::json &back, const nlohmann::json &original)
{
    if (original.is_object()) {
        if (!back.is_object())
            return false;
        for (auto it = original.begin(); it != original.end(); ++it)
            if (!back.contains(it.key()) || !holds(back[it.key()], it.value()))
                return false;
        return true;
    }
    if (original.is_array()) {
        if (!back.is_array() || back.size() != original.size())
            return false;
        for (size_t i = 0; i < original.size(); ++i)
            if (!holds(back[i], original[i]))
                return false;
        return true;
    }
    if (original.is_number())
        return back.is_number() && back.get<double>() == original.get<double>();
    return back == original;
}

struct Cli {
    int exitCode = -1;
    QString err;
};

Cli runCli(const QStringList &args)
{
    QProcess cli;
    cli.start(QStringLiteral(GC_CLI_PATH), args);
    if (!cli.waitForFinished(60000))
        return {};
    return {cli.exitCode(), QString::fromUtf8(cli.readAllStandardError())};
}

} // namespace

class TestSessionFormat : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Written by the engine, opened by the app (every field checked there), saved by the app, read by the engine:
    // the same document, and the CLI exports the app's file with every region.
    void everyFieldSurvivesBothWays()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kImage, dir.filePath(QStringLiteral("s.png"))));
        SessionDocument original;
        original.images = {everyKind("s.png"), everyKind("s.png")};
        original.images[1].regions.pop_back();
        original.images[1].messages.clear();
        original.current = 1;
        original.nextColor = 9;
        const QString enginePath = dir.filePath(QStringLiteral("engine.gcsession"));
        writeFile(enginePath, QByteArray::fromStdString(writeSessionDocument(original)));

        Session app;
        QVERIFY2(app.file()->openPath(enginePath), qPrintable(app.lastError()));
        QCOMPARE(app.images()->rowCount(), 2);
        QCOMPARE(app.currentImage(), 1);
        for (int i : {0, 1}) {
            app.setCurrentImage(i);
            const SessionImage &want = original.images[size_t(i)];
            // relative to the session file
            QCOMPARE(app.images()->items()[i].path, dir.filePath(QStringLiteral("s.png")));
            QCOMPARE(app.images()->items()[i].size, QSize(96, 64));
            const DocumentState doc = app.document();
            QCOMPARE(doc.regions.size(), qsizetype(want.regions.size()));
            for (size_t k = 0; k < want.regions.size(); ++k)
                compareRegion(doc.regions[qsizetype(k)], want.regions[k]);
            QCOMPARE(doc.messages.size(), qsizetype(want.messages.size()));
            for (size_t k = 0; k < want.messages.size(); ++k)
                compareMessage(doc.messages[qsizetype(k)], want.messages[k]);
            QCOMPARE(doc.nextRegion, want.nextRegion);
            QCOMPARE(doc.nextMark, want.nextMark);
            QCOMPARE(doc.nextAnswerRegion, want.nextAnswerRegion);
        }
        app.setCurrentImage(1);

        const QString appPath = dir.filePath(QStringLiteral("app.gcsession"));
        QVERIFY(app.file()->saveToPath(appPath));
        const SessionRead back = readSessionDocument(readFile(appPath).toStdString());
        QVERIFY2(back.ok, back.error.describe().c_str());
        SessionDocument expected = original;
        for (SessionImage &im : expected.images)
            im.path = dir.filePath(QStringLiteral("s.png")).toStdString(); // the app saves where it found them
        // a file without a timeline gets an evenly paced one, which the app's looking around then continues
        QVERIFY(back.document.timeline);
        const std::vector<TimelineEvent> even = evenTimeline(original).events;
        QVERIFY(back.document.timeline->events.size() > even.size());
        QVERIFY(std::equal(even.begin(), even.end(), back.document.timeline->events.begin()));
        SessionDocument backWithoutTimeline = back.document;
        backWithoutTimeline.timeline.reset();
        QVERIFY(backWithoutTimeline == expected);

        // the CLI reads the app's file: every region, with its kind, id and acceptance
        const QString coco = dir.filePath(QStringLiteral("out/coco.json"));
        const Cli exported = runCli({QStringLiteral("export"), QStringLiteral("--session"), appPath,
                                     QStringLiteral("--format"), QStringLiteral("coco"), QStringLiteral("--output"), coco,
                                     QStringLiteral("--include-unaccepted")});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const nlohmann::json out = nlohmann::json::parse(readFile(coco).toStdString());
        QCOMPARE(out["images"].size(), size_t(2));
        std::vector<std::string> kinds;
        for (const auto &a : out["annotations"])
            if (a["image_id"] == out["images"][0]["id"])
                kinds.push_back(a["groundchat"]["kind"].get<std::string>());
        QCOMPARE(kinds, (std::vector<std::string>{"box", "point", "point", "mark", "polygon", "quad", "mask"}));

        // and the engine's own reading for export: a phrase without a span has an empty one
        const ImportResult dataset = readSessionFile(appPath.toStdString());
        QVERIFY2(dataset.ok, dataset.error.describe().c_str());
        const auto &turns = dataset.dataset.images.at(0).turns;
        QCOMPARE(turns.size(), size_t(3)); // the failed answer is no training data
        QCOMPARE(turns[1].line.phrases.at(1).span.begin, size_t(0));
        QCOMPARE(turns[1].line.phrases.at(1).span.end, size_t(0));
    }

    // Every kind of event, with what only its kind keeps, through the file and back.
    void timelineSurvivesTheFile()
    {
        SessionDocument doc;
        doc.images = {everyKind("s.png")};
        SessionTimeline &tl = doc.timeline.emplace();
        const SessionImage &im = doc.images[0];
        auto add = [&](TimelineEvent::Kind kind, double t) -> TimelineEvent & {
            TimelineEvent e;
            e.kind = kind;
            e.t = t;
            tl.events.push_back(e);
            return tl.events.back();
        };
        add(TimelineEvent::Kind::Model, 0).model = "Kosmos-2 demo";
        add(TimelineEvent::Kind::Image, 12.5);
        add(TimelineEvent::Kind::Region, 800.25).region = im.regions.back(); // a mask, with its RLE
        add(TimelineEvent::Kind::Delete, 900).id = "R1";
        TimelineEvent &ask = add(TimelineEvent::Kind::Message, 1500);
        ask.row = 0;
        ask.message = im.messages[0];
        TimelineEvent &grow = add(TimelineEvent::Kind::Grow, 1633.125);
        grow.row = 1;
        grow.raw = "<phrase>a";
        grow.text = "a 猫";
        grow.entities = im.messages[1].entities;
        TimelineEvent &plain = add(TimelineEvent::Kind::Grow, 1700);
        plain.row = 1;
        plain.text = " cat";
        add(TimelineEvent::Kind::Truncate, 2000).row = 1;
        tl.hiddenTurns = {{0, 0}, {2, 4}};
        const SessionRead back = readSessionDocument(writeSessionDocument(doc));
        QVERIFY2(back.ok, back.error.describe().c_str());
        QVERIFY(back.document.timeline);
        QCOMPARE(back.document.timeline->events.size(), tl.events.size());
        for (size_t i = 0; i < tl.events.size(); ++i)
            QVERIFY2(back.document.timeline->events[i] == tl.events[i], qPrintable(QString::number(i)));
        QVERIFY(back.document == doc);
        // compact: a grow writes what it appended, not its message
        const nlohmann::json file = nlohmann::json::parse(writeSessionDocument(doc));
        QVERIFY(!file["timeline"]["events"][6].contains("message"));
        QVERIFY(!file["timeline"]["events"][6].contains("entities"));

        // a malformed event is named as the app names it
        nlohmann::json broken = file;
        broken["timeline"]["events"][3]["e"] = "teleport";
        const SessionRead bad = readSessionDocument(broken.dump());
        QVERIFY(!bad.ok);
        QCOMPARE(bad.error.kind, SessionError::Kind::Timeline);
        QCOMPARE(bad.error.item, 4);
        QCOMPARE(q(bad.error.field), QStringLiteral("timeline.events[3].e"));
    }

    // Replaying what the recorder writes between two states rebuilds the later one; an evenly paced timeline
    // of a file ends in the file's state.
    void timelineRebuildsTheStates()
    {
        const SessionImage full = everyKind("s.png");
        ReplayImage empty, half, whole;
        half.regions = {full.regions[0], full.regions[1]};
        half.messages = {full.messages[0], full.messages[1]};
        half.messages[1].text = half.messages[1].text.substr(0, 3);
        half.messages[1].raw = half.messages[1].raw.substr(0, 2);
        whole.regions = full.regions;
        whole.messages = full.messages;
        whole.regions.erase(whole.regions.begin());
        ReplayState state;
        for (const auto &[from, to] : {std::pair{&empty, &half}, std::pair{&half, &whole}, std::pair{&whole, &half}}) {
            for (const TimelineEvent &e : changesBetween(*from, *to, 2, 10))
                applyEvent(state, e);
            QCOMPARE(state.images.size(), size_t(3));
            QVERIFY(state.images[2].messages == to->messages);
            QCOMPARE(state.images[2].regions.size(), to->regions.size());
            for (const SessionRegion &r : to->regions)
                QVERIFY(std::find(state.images[2].regions.begin(), state.images[2].regions.end(), r) !=
                        state.images[2].regions.end());
        }
        // an answer growing is recorded as what it appended
        ReplayImage grown = half;
        grown.messages[1].text = full.messages[1].text;
        const std::vector<TimelineEvent> growth = changesBetween(half, grown, 0, 5);
        QCOMPARE(growth.size(), size_t(1));
        QCOMPARE(growth[0].kind, TimelineEvent::Kind::Grow);
        QCOMPARE(q(growth[0].text), q(full.messages[1].text.substr(3)));

        SessionDocument doc;
        doc.images = {full, full};
        doc.current = 1;
        const SessionTimeline even = evenTimeline(doc);
        ReplayState replayed;
        double last = -1;
        for (const TimelineEvent &e : even.events) {
            QVERIFY(e.t >= last);
            last = e.t;
            applyEvent(replayed, e);
        }
        QCOMPARE(replayed.current, 1);
        for (size_t i = 0; i < 2; ++i) {
            QVERIFY(replayed.images[i].messages == full.messages);
            QCOMPARE(replayed.images[i].regions.size(), full.regions.size());
        }
    }

    // Pauses compressed to a maximum; a hidden turn's events (and the time they took) leave the presentation.
    void timelineEditsForPresenting()
    {
        SessionTimeline tl;
        auto add = [&](TimelineEvent::Kind kind, double t, int row, bool fromUser = true) {
            TimelineEvent e;
            e.kind = kind;
            e.t = t;
            e.row = row;
            e.message.fromUser = fromUser;
            tl.events.push_back(e);
        };
        add(TimelineEvent::Kind::Image, 0, -1);
        add(TimelineEvent::Kind::Message, 1000, 0);        // turn 1
        add(TimelineEvent::Kind::Message, 1200, 1, false);
        add(TimelineEvent::Kind::Grow, 1300, 1);
        add(TimelineEvent::Kind::Message, 31300, 2);       // turn 2, after half a minute
        add(TimelineEvent::Kind::Message, 31400, 3, false);
        add(TimelineEvent::Kind::Grow, 31500, 3);
        tl.events.push_back(tl.events[0]);
        tl.events.back().t = 32000;
        TimelineEvent answerBox;
        answerBox.kind = TimelineEvent::Kind::Region;
        answerBox.t = 1250;
        answerBox.region.id = "A1";
        answerBox.region.fromModel = true;
        answerBox.region.message = 1;
        tl.events.insert(tl.events.begin() + 3, answerBox);

        SessionTimeline compressed = tl;
        compressPauses(compressed, 2000);
        std::vector<double> times;
        for (const TimelineEvent &e : compressed.events)
            times.push_back(e.t);
        QCOMPARE(times, (std::vector<double>{0, 1000, 1200, 1250, 1300, 3300, 3400, 3500, 4000}));

        tl.hiddenTurns = {{0, 0}};
        const std::vector<TimelineEvent> shown = presentedEvents(tl);
        times.clear();
        for (const TimelineEvent &e : shown)
            times.push_back(e.t);
        // the first turn, its answer and its box are gone; what follows comes that much earlier
        QCOMPARE(times, (std::vector<double>{0, 1000, 1100, 1200, 1700}));
        QCOMPARE(shown[1].row, 2);
        QCOMPARE(timelineTurns(tl).size(), size_t(2));
    }

    // An embedded image travels as base64 of the file's bytes, whichever side writes or reads it.
    void embeddedImagesAreTheFilesBytes()
    {
        QTemporaryDir dir;
        const QString image = dir.filePath(QStringLiteral("gone.png"));
        QVERIFY(QFile::copy(kImage, image));
        Session app;
        QVERIFY(app.addImagePath(image));
        app.file()->setProperty("embedImages", true);
        const QString path = dir.filePath(QStringLiteral("e.gcsession"));
        QVERIFY(app.file()->saveToPath(path));
        const SessionRead read = readSessionDocument(readFile(path).toStdString());
        QVERIFY(read.ok);
        QCOMPARE(QByteArray::fromBase64(QByteArray::fromStdString(read.document.images.at(0).data)), readFile(kImage));

        // the engine writes it, the app unpacks it when the original is gone
        QVERIFY(QFile::remove(image));
        writeFile(path, QByteArray::fromStdString(writeSessionDocument(read.document)));
        Session other;
        QVERIFY2(other.file()->openPath(path), qPrintable(other.lastError()));
        QCOMPARE(readFile(other.images()->items()[0].path), readFile(kImage));
    }

    // What an autosave keeps beside the session is written by the app and read by the engine, and back.
    void autosaveFieldsAreTheFormats()
    {
        QTemporaryDir dir;
        const QString autosave = dir.filePath(QStringLiteral("auto.gcsession"));
        const QString saved = dir.filePath(QStringLiteral("saved.gcsession"));
        Session app;
        app.file()->setAutosavePath(autosave);
        QVERIFY(app.addImagePath(kImage));
        QVERIFY(app.file()->saveToPath(saved));
        app.addBox(QRectF(1, 2, 30, 40));
        const auto written = [&] {
            const SessionRead r = readSessionDocument(readFile(autosave).toStdString());
            return r.ok && !r.document.images.empty() ? r.document.images[0].regions.size() : size_t(0);
        };
        QTRY_COMPARE_WITH_TIMEOUT(written(), size_t(1), 5000);
        SessionRead read = readSessionDocument(readFile(autosave).toStdString());
        QVERIFY(read.ok);
        QCOMPARE(read.document.autosaveOf, std::optional<std::string>(saved.toStdString()));
        QCOMPARE(read.document.autosaveModified, std::optional<bool>(true));

        read.document.autosaveModified = false;
        writeFile(autosave, QByteArray::fromStdString(writeSessionDocument(read.document, false)));
        Session restored;
        restored.file()->setAutosavePath(autosave);
        QVERIFY(restored.file()->restoreAutosave());
        QCOMPARE(restored.file()->filePath(), saved);
        QVERIFY(!restored.file()->modified());
    }

    // A tiled turn's record from before its grid was kept (no "grid", no "tiles") reads and opens as it was, with no
    // grid; a malformed grid or tile is left out, not an error.
    void tilesRecordWithoutItsGridReads()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kImage, dir.filePath(QStringLiteral("s.png"))));
        SessionDocument doc;
        doc.images = {everyKind("s.png")};
        nlohmann::json json = nlohmann::json::parse(writeSessionDocument(doc));
        nlohmann::json &tools = json["images"][0]["messages"][0]["tools"];
        QCOMPARE(tools[2]["tool"].get<std::string>(), std::string("tiles"));
        QCOMPARE(tools[2]["grid"], nlohmann::json::array({2, 1}));
        tools[2].erase("grid");
        tools[2].erase("tiles");
        tools[2]["output"] = "Tiled: 16 tiles + the whole image";
        tools[0]["grid"] = nlohmann::json::array({0, "3"});
        tools[0]["tiles"] = nlohmann::json::array({nlohmann::json::array({1, 2, 3}), nlohmann::json::array({1, 2, 3, 4})});
        const SessionRead read = readSessionDocument(json.dump());
        QVERIFY2(read.ok, read.error.describe().c_str());
        const SessionToolRun &old = read.document.images[0].messages[0].tools[2];
        QVERIFY(!old.grid);
        QVERIFY(old.tiles.empty());
        const SessionToolRun &bad = read.document.images[0].messages[0].tools[0];
        QVERIFY(!bad.grid);
        QCOMPARE(bad.tiles, (std::vector<Box>{Box{1, 2, 3, 4}}));

        const QString path = dir.filePath(QStringLiteral("old.gcsession"));
        writeFile(path, QByteArray::fromStdString(json.dump()));
        Session app;
        QVERIFY2(app.file()->openPath(path), qPrintable(app.lastError()));
        const ToolRun run = app.document().messages[0].tools[2];
        QCOMPARE(run.tool, QStringLiteral("tiles"));
        QVERIFY(!run.grid.isValid());
        QVERIFY(run.tiles.isEmpty());
        QCOMPARE(run.output, QStringLiteral("Tiled: 16 tiles + the whole image"));
    }

    // The files there are (the tests' and the built-in demo's) read as they are written: nothing dropped or
    // changed on the way through the format, and the app opens them.
    void existingFilesReadAsTheyAre_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *name : {"missing", "broken", "dense-polygon", "relative", "outside"})
            QTest::newRow(name) << QStringLiteral(GC_TEST_DATA "/session-trust/sessions/%1.gcsession").arg(QLatin1String(name));
        QTest::newRow("demo") << QStringLiteral(GC_SOURCE_DIR "/resources/demo/demo.gcsession");
    }

    void existingFilesReadAsTheyAre()
    {
        QFETCH(QString, path);
        const std::string text = readFile(path).toStdString();
        const SessionRead read = readSessionDocument(text);
        QVERIFY2(read.ok, read.error.describe().c_str());
        nlohmann::json original = nlohmann::json::parse(text);
        original.erase("version"); // written again as the current version
        QVERIFY(holds(nlohmann::json::parse(writeSessionDocument(read.document)), original));
        Session app;
        QString error;
        QVERIFY2(app.file()->fromJson(QByteArray::fromStdString(text), &error, nullptr, QFileInfo(path).absolutePath()),
                 qPrintable(error));
    }

    void malformedFilesGiveTheSameErrorInBoth_data()
    {
        QTest::addColumn<QByteArray>("file");
        const QByteArray image = R"("path":"s.png","width":96,"height":64)";
        QTest::newRow("cut") << QByteArray(R"({"format":"groundchat-session",
"version":1,"images":[{)");
        QTest::newRow("not a session") << QByteArray(R"({"format":"labelme","images":[]})");
        QTest::newRow("newer") << QByteArray(R"({"format":"groundchat-session","version":3,"images":[]})");
        QTest::newRow("bad event") << QByteArray(
            R"({"format":"groundchat-session","version":2,"images":[],"timeline":{"events":[{"t":0,"e":"teleport"}]}})");
        QTest::newRow("no path") << QByteArray(R"({"format":"groundchat-session","images":[{"width":5,"height":5}]})");
        QTest::newRow("unknown kind") << R"({"format":"groundchat-session","version":1,"images":[{)" + image +
                                             R"(,"regions":[{"id":"R1","kind":"blob","box":[0,0,1,1]}]}]})";
        QTest::newRow("no box") << R"({"format":"groundchat-session","images":[{)" + image +
                                       R"(,"regions":[{"id":"R1","box":[0,0,1,1]},{"id":"R2","kind":"box"}]}]})";
        QTest::newRow("bad mask") << R"({"format":"groundchat-session","images":[{)" + image +
                                         R"(,"regions":[{"id":"R1","kind":"mask","box":[0,0,1,1],"maskRle":"%%","maskSize":[96,64]}]}]})";
        QTest::newRow("bad role") << R"({"format":"groundchat-session","images":[{)" + image +
                                         R"(},{)" + image + R"(,"messages":[{"role":"system","text":"x"}]}]})";
    }

    void malformedFilesGiveTheSameErrorInBoth()
    {
        QFETCH(QByteArray, file);
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kImage, dir.filePath(QStringLiteral("s.png"))));
        const QString path = dir.filePath(QStringLiteral("bad.gcsession"));
        writeFile(path, file);
        Session app;
        QVERIFY(!app.file()->openPath(path));
        const QString prefix = path + QStringLiteral(" could not be opened: ");
        QVERIFY2(app.lastError().startsWith(prefix), qPrintable(app.lastError()));
        const QString appError = app.lastError().mid(prefix.size());

        const SessionRead engine = readSessionDocument(file.toStdString());
        QVERIFY(!engine.ok);
        QCOMPARE(q(engine.error.describe()), appError);
        const Cli cli = runCli({QStringLiteral("export"), QStringLiteral("--session"), path, QStringLiteral("--format"),
                                QStringLiteral("coco"), QStringLiteral("--output"), dir.filePath(QStringLiteral("o.json"))});
        QVERIFY(cli.exitCode != 0);
        QVERIFY2(cli.err.contains(appError), qPrintable(cli.err + QStringLiteral(" lacks ") + appError));
    }
};

QTEST_MAIN(TestSessionFormat)
#include "tst_sessionformat.moc"
