// Tools ▸ Read text: the text read becomes regions carrying it and a turn of the chat recording the tool run, one
// undo step; a region reads only its part; a stopped run leaves nothing; the text read goes before a free-chat
// message in the model's own box format, recorded with that turn.
#include "session_fixture.h"
#include "sessionocr.h"

#include "annotate/session_format.h"

#include <QFont>
#include <QPainter>

namespace {

const QStringList kLines = {QStringLiteral("Total due 42 dollars"), QStringLiteral("Thank you")};

// The lines drawn black on white, one under the other; returns the file.
QString textImage(const QTemporaryDir &dir)
{
    QImage image(640, 200, QImage::Format_RGB888);
    image.fill(Qt::white);
    QPainter painter(&image);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(28);
    painter.setFont(font);
    painter.setPen(Qt::black);
    painter.drawText(QPoint(30, 60), kLines[0]);
    painter.drawText(QPoint(30, 140), kLines[1]);
    painter.end();
    const QString path = dir.filePath(QStringLiteral("text.png"));
    image.save(path);
    return path;
}

QList<RegionItem> regionsFrom(Session &s, const QString &source)
{
    QList<RegionItem> out;
    for (const RegionItem &r : s.regions()->items())
        if (r.source == source)
            out << r;
    return out;
}

QStringList labels(const QList<RegionItem> &regions)
{
    QStringList out;
    for (const RegionItem &r : regions)
        out << r.label;
    return out;
}

// Reads `regionId` ("" = the whole image) and waits for the run to end; returns whether it added text.
bool readText(SessionOcr &ocr, const QString &regionId)
{
    QSignalSpy finished(&ocr, &SessionOcr::finished);
    if (!ocr.readText(regionId))
        return false;
    if (!finished.wait(60000))
        return false;
    return finished.first().first().toBool();
}

} // namespace

class TestSessionOcr : public QObject
{
    Q_OBJECT

private slots:
    // each test: a session on the text image, and its Read text
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_session = std::make_unique<Session>();
        QVERIFY(m_session->addImagePath(textImage(*m_dir)));
        m_ocr = std::make_unique<SessionOcr>();
        m_ocr->setSession(m_session.get());
    }

    void cleanup()
    {
        m_ocr.reset();
        m_session.reset();
        m_dir.reset();
    }

    void wholeImageBecomesTextRegionsAndATurn()
    {
        Session &s = *m_session;
        SessionOcr &ocr = *m_ocr;
        QVERIFY(readText(ocr, QString()));

        const QList<RegionItem> lines = regionsFrom(s, QStringLiteral("ocr"));
        QCOMPARE(labels(lines), kLines);
        for (const RegionItem &r : lines) {
            QVERIFY(r.visible);
            QVERIFY(r.fromModel);
            QCOMPARE(r.messageIndex, 0);
        }
        QVERIFY(lines[0].box.top() > 30 && lines[0].box.bottom() < 70);
        QVERIFY(lines[1].box.top() > 110 && lines[1].box.bottom() < 150);
        const QList<RegionItem> words = regionsFrom(s, QStringLiteral("ocr-word"));
        QCOMPARE(labels(words), (QStringList{"Total", "due", "42", "dollars", "Thank", "you"}));
        QVERIFY(std::none_of(words.begin(), words.end(), [](const RegionItem &r) { return r.visible; }));

        QCOMPARE(s.chat()->rowCount(), 1);
        const ChatMessage turn = s.document().messages[0];
        QVERIFY(turn.fromUser);
        QCOMPARE(turn.text, QStringLiteral("Read text"));
        QVERIFY(turn.prompt.isEmpty());
        QCOMPARE(turn.tools.size(), 1);
        const ToolRun &run = turn.tools[0];
        QCOMPARE(run.tool, QStringLiteral("ocr"));
        QVERIFY(run.region.isNull());
        QVERIFY(run.ms > 0);
        QCOMPARE(run.output, kLines.join(QLatin1Char('\n')));
        QCOMPARE(run.regionIds.size(), lines.size() + words.size());
        // the chat's view gets it as a list of maps
        const QVariantList shown = s.chat()->data(s.chat()->index(0), int(ChatModel::Role::Tools)).toList();
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown[0].toMap().value(QStringLiteral("tool")).toString(), QStringLiteral("ocr"));
        QCOMPARE(shown[0].toMap().value(QStringLiteral("region")).toList().size(), 0);
        QCOMPARE(shown[0].toMap().value(QStringLiteral("regionIds")).toStringList(), run.regionIds);

        // one undo step takes the turn and its regions away; redo brings both back
        QCOMPARE(s.undoText(), QStringLiteral("Read text"));
        s.undo();
        QCOMPARE(s.chat()->rowCount(), 0);
        QCOMPARE(s.regions()->rowCount(), 0);
        s.redo();
        QCOMPARE(s.chat()->rowCount(), 1);
        QCOMPARE(labels(regionsFrom(s, QStringLiteral("ocr"))), kLines);

        // saved and exported: the run asked the model nothing, so it is no training turn; its lines are there
        const QString saved = m_dir->filePath(QStringLiteral("read.gcsession"));
        QVERIFY(s.file()->saveToPath(saved));
        const gc::annot::ImportResult exported = gc::annot::readSessionFile(saved.toStdString());
        QVERIFY2(exported.ok, exported.error.describe().c_str());
        QCOMPARE(exported.dataset.images.at(0).turns.size(), size_t(0));
    }

    void aRegionReadsOnlyItsPart()
    {
        Session &s = *m_session;
        SessionOcr &ocr = *m_ocr;
        const QString box = s.addBox(QRectF(QPointF(10, 100), QPointF(400, 180)));
        QVERIFY(readText(ocr, box));
        QCOMPARE(labels(regionsFrom(s, QStringLiteral("ocr"))), QStringList{kLines[1]});
        const ChatMessage turn = s.document().messages.last();
        QCOMPARE(turn.text, QStringLiteral("Read text in @R1"));
        QCOMPARE(turn.tools[0].region, QRectF(QPointF(10, 100), QPointF(400, 180)));
        const QVariantList region =
            s.chat()->data(s.chat()->index(0), int(ChatModel::Role::Tools)).toList()[0].toMap().value("region").toList();
        QCOMPARE(region, (QVariantList{10.0, 100.0, 400.0, 180.0}));

        QVERIFY(!ocr.readText(QStringLiteral("R9")));
        QCOMPARE(s.lastError(), QStringLiteral("There is no region R9 on this image."));
    }

    void aStoppedRunLeavesNothing()
    {
        Session &s = *m_session;
        SessionOcr &ocr = *m_ocr;
        QSignalSpy finished(&ocr, &SessionOcr::finished);
        QVERIFY(ocr.readText(QString()));
        QVERIFY(ocr.running());
        ocr.cancel();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!ocr.running());
        QCOMPARE(s.regions()->rowCount(), 0);
        QCOMPARE(s.chat()->rowCount(), 0);
        QVERIFY(!s.canUndo());
    }

    void missingLanguageDataIsSaid()
    {
        Session &s = *m_session;
        SessionOcr &ocr = *m_ocr;
        ocr.setProperty("languages", QStringLiteral("eng+xyz_nolang"));
        QVERIFY(!readText(ocr, QString()));
        QVERIFY2(s.lastError().startsWith(QStringLiteral("Read text failed: no OCR language data for xyz_nolang")),
                 qPrintable(s.lastError()));
        QCOMPARE(s.regions()->rowCount(), 0);
    }

    // P²G: the lines read go before a free-chat message, each box in the model's own format (Qwen2-VL here), and
    // the turn records what was given; a task preset keeps its own prompt.
    void theTextReadGoesBeforeAFreeChatMessage()
    {
        Session &s = *m_session;
        SessionOcr &ocr = *m_ocr;
        auto engine = makeEngine(kAnswer, 2, QStringLiteral("qwen2-vl"));
        s.conversation()->setEngine(engine.get());
        QVERIFY(ocr.hint().isEmpty());
        QVERIFY(readText(ocr, QString()));

        const QString hint = ocr.hint();
        const QStringList hintLines = hint.split(QLatin1Char('\n'));
        QCOMPARE(hintLines.size(), 3);
        QCOMPARE(hintLines[0], QStringLiteral("Text read in the image (OCR):"));
        const QRegularExpression line(QStringLiteral("^text at <\\|box_start\\|>\\(\\d+,\\d+\\),\\(\\d+,\\d+\\)<\\|box_end\\|>: \"(.*)\"$"));
        QCOMPARE(line.match(hintLines[1]).captured(1), kLines[0]);
        QCOMPARE(line.match(hintLines[2]).captured(1), kLines[1]);

        QVERIFY(ocr.sendWithHint(QStringLiteral("What is the total?"), QString()));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(CapturingBackend::lastPrompt, hint + QStringLiteral("\n\nWhat is the total?"));
        const ChatMessage asked = s.document().messages[1];
        QCOMPARE(asked.text, QStringLiteral("What is the total?"));
        QCOMPARE(asked.tools.size(), 1);
        QCOMPARE(asked.tools[0].tool, QStringLiteral("ocr-hint"));
        QCOMPARE(asked.tools[0].output, hint);
        QCOMPARE(asked.tools[0].regionIds.size(), 2);

        // a hidden line is not given
        s.setRegionVisible(asked.tools[0].regionIds[0], false);
        QCOMPARE(ocr.hint().count(QStringLiteral("text at")), 1);

        QVERIFY(ocr.sendWithHint(QStringLiteral("total"), QStringLiteral("refer")));
        QTRY_VERIFY(!s.conversation()->answering());
        QVERIFY(!CapturingBackend::lastPrompt.contains(QStringLiteral("Text read")));
        QVERIFY(s.document().messages.last().tools.isEmpty() && s.document().messages[3].tools.isEmpty());

        // the turn's undo takes the record with it
        s.undo();
        const QList<ChatMessage> left = s.document().messages;
        QVERIFY(std::none_of(left.begin(), left.end(), [](const ChatMessage &m) { return m.text == QLatin1String("total"); }));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<SessionOcr> m_ocr;
};

QTEST_MAIN(TestSessionOcr)
#include "tst_session_ocr.moc"
