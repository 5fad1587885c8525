#include "groundingparser.h"

#include <QSignalSpy>
#include <QtTest>

class TestGroundingParser : public QObject
{
    Q_OBJECT
private slots:
    void decodesIntoImagePixels()
    {
        GroundingParser parser;
        QSignalSpy spy(&parser, &GroundingParser::resultChanged);
        parser.setDialect(QStringLiteral("kosmos2"));
        parser.setImageSize(QSize(640, 480));
        parser.setRawText(QStringLiteral("<grounding> An image of<phrase> a snowman</phrase><object>"
                                         "<patch_index_0044><patch_index_0863></object>."));
        QVERIFY(spy.count() >= 1);
        QCOMPARE(parser.cleanText(), QStringLiteral("An image of a snowman."));
        QCOMPARE(parser.regionCount(), 1);
        const QVariantMap entity = parser.entities().at(0).toMap();
        QCOMPARE(entity.value(QStringLiteral("phrase")).toString(), QStringLiteral("a snowman"));
        QCOMPARE(entity.value(QStringLiteral("spanBegin")).toInt(), 12);
        const QRectF box = entity.value(QStringLiteral("regions")).toList().at(0).toMap().value(QStringLiteral("box")).toRectF();
        QCOMPARE(box.left(), 0.390625 * 640);
        QCOMPARE(box.bottom(), 0.828125 * 480);
        QVERIFY(parser.highlightedText().contains(QStringLiteral("a snowman</b>")));
    }

    void formatThenDecodeRoundTrips()
    {
        GroundingParser parser;
        parser.setImageSize(QSize(640, 427));
        parser.setDialect(QStringLiteral("qwen2-vl"));
        const QString prompt = parser.formatBox(QRectF(QPointF(146, 137), QPointF(615, 415)), QStringLiteral("bowl"));
        QVERIFY2(prompt.contains(QStringLiteral("bowl")), qPrintable(prompt));
        parser.setRawText(prompt);
        QCOMPARE(parser.regionCount(), 1);
        const QRectF box = parser.entities().at(0).toMap().value(QStringLiteral("regions")).toList().at(0).toMap()
                               .value(QStringLiteral("box")).toRectF();
        QVERIFY(qAbs(box.left() - 146) <= 0.64 + 1e-9);
        QVERIFY(qAbs(box.bottom() - 415) <= 0.427 + 1e-9);
    }

    void unknownDialectKeepsTheText()
    {
        GroundingParser parser;
        parser.setDialect(QStringLiteral("nope"));
        parser.setRawText(QStringLiteral("hello"));
        QCOMPARE(parser.cleanText(), QStringLiteral("hello"));
        QCOMPARE(parser.diagnostics().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestGroundingParser)
#include "tst_groundingparser.moc"
