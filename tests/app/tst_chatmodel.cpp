// The conversation as the chat view reads it: which phrase of which message is highlighted, as a role of
// that message, and what the rich text's links point at, so that the view takes strings apart nowhere.
#include "chatmodel.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

namespace {
ChatMessage question(const QString &text)
{
    ChatMessage m;
    m.text = text;
    return m;
}

// "a red circle and a blue square [3]" with both phrases grounded
ChatMessage answer()
{
    ChatMessage m;
    m.fromUser = false;
    m.text = QStringLiteral("a red circle and a blue square [3]");
    m.entities = {QVariantMap{{QStringLiteral("phrase"), QStringLiteral("a red circle")},
                              {QStringLiteral("spanBegin"), 0},
                              {QStringLiteral("spanEnd"), 12},
                              {QStringLiteral("colorIndex"), 0}},
                  QVariantMap{{QStringLiteral("phrase"), QStringLiteral("a blue square")},
                              {QStringLiteral("spanBegin"), 17},
                              {QStringLiteral("spanEnd"), 30},
                              {QStringLiteral("colorIndex"), 1}}};
    return m;
}

int highlighted(const ChatModel &model, int row)
{
    return model.data(model.index(row), int(ChatModel::Role::HighlightedEntity)).toInt();
}
} // namespace

class TestChatModel : public QObject
{
    Q_OBJECT

private slots:
    void theHighlightIsARoleOfItsMessage()
    {
        ChatModel model;
        model.setItems({question(QStringLiteral("what is there?")), answer(), question(QStringLiteral("and?")), answer()});
        QCOMPARE(model.roleNames().value(int(ChatModel::Role::HighlightedEntity)), QByteArray("highlightedEntity"));
        for (int row = 0; row < 4; ++row)
            QCOMPARE(highlighted(model, row), -1);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setHighlight(1, 1);
        QCOMPARE(highlighted(model, 1), 1);
        QCOMPARE(highlighted(model, 3), -1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int>{int(ChatModel::Role::HighlightedEntity)});

        // moving to another message updates the one it left and the one it reached, nothing else
        changed.clear();
        model.setHighlight(3, 0);
        QCOMPARE(highlighted(model, 1), -1);
        QCOMPARE(highlighted(model, 3), 0);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 3);

        changed.clear();
        model.setHighlight(-1, -1);
        QCOMPARE(highlighted(model, 3), -1);
        QCOMPARE(changed.count(), 1);
    }

    void aHighlightThatIsNotOneIsNone_data()
    {
        QTest::addColumn<int>("message");
        QTest::addColumn<int>("entity");
        QTest::newRow("none") << -1 << -1;
        QTest::newRow("no entity") << 1 << -1;
        QTest::newRow("no message") << -1 << 0;
    }
    void aHighlightThatIsNotOneIsNone()
    {
        QFETCH(int, message);
        QFETCH(int, entity);
        ChatModel model;
        model.setItems({question(QStringLiteral("q")), answer()});
        model.setHighlight(1, 0);
        model.setHighlight(message, entity);
        QCOMPARE(highlighted(model, 0), -1);
        QCOMPARE(highlighted(model, 1), -1);
    }

    // every link the rich text makes leads back to its phrase or its mark
    void linksLeadToTheirPhrasesAndMarks()
    {
        const QString html = ChatModel::richText(answer());
        static const QRegularExpression href(QStringLiteral("href=\"([^\"]*)\""));
        QStringList links;
        for (const QRegularExpressionMatch &m : href.globalMatch(html))
            links << m.captured(1);
        QCOMPARE(links.size(), 3);
        ChatModel model;
        const auto target = [&](const QString &link) {
            const QVariantMap t = model.linkTarget(link);
            return qMakePair(t.value(QStringLiteral("entity")).toInt(), t.value(QStringLiteral("mark")).toInt());
        };
        QCOMPARE(target(links[0]), qMakePair(0, -1));
        QCOMPARE(target(links[1]), qMakePair(1, -1));
        QCOMPARE(target(links[2]), qMakePair(-1, 3));
        QCOMPARE(target(QStringLiteral("https://example.org/")), qMakePair(-1, -1));
        QCOMPARE(target(QStringLiteral("entity:x")), qMakePair(-1, -1));
    }

    // a mark is cited as "[2]", "mark 2" or "Mark #2"; inside a grounded phrase it stays that phrase's link
    void marksAreCitedInTheWaysModelsWriteThem()
    {
        ChatMessage m;
        m.fromUser = false;
        m.text = QStringLiteral("It is mark 2, Mark #4 and [5]; the marked cup is mark 6.");
        m.entities = {QVariantMap{{QStringLiteral("phrase"), QStringLiteral("the marked cup is mark 6")},
                                  {QStringLiteral("spanBegin"), 31},
                                  {QStringLiteral("spanEnd"), 55},
                                  {QStringLiteral("colorIndex"), 0}}};
        const QString html = ChatModel::richText(m);
        static const QRegularExpression href(QStringLiteral("href=\"([^\"]*)\""));
        QStringList links;
        for (const QRegularExpressionMatch &match : href.globalMatch(html))
            links << match.captured(1);
        QCOMPARE(links, (QStringList{"mark:2", "mark:4", "mark:5", "entity:0"}));
        QVERIFY2(html.contains(QStringLiteral(">Mark #4</a>")), qPrintable(html));
        // "marked" names no mark
        QCOMPARE(html.count(QStringLiteral("<a ")), 4);
    }

    // the highlighted phrase is the one drawn underlined
    void theHighlightedPhraseIsUnderlined()
    {
        ChatModel model;
        model.setItems({question(QStringLiteral("q")), answer()});
        model.setHighlight(1, 1);
        const QString html = model.richTextFor(1, highlighted(model, 1));
        QCOMPARE(html.count(QStringLiteral("underline")), 1);
        QVERIFY(html.indexOf(QStringLiteral("underline")) > html.indexOf(QStringLiteral("a red circle")));
    }
};

QTEST_GUILESS_MAIN(TestChatModel)
#include "tst_chatmodel.moc"
