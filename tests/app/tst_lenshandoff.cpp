// A phrase of an answer, chosen in the lens panel, reaches the model as the answer's token ids as they were
// generated (carried on the chat message), not as its text tokenized again: the demo model run in-process, its
// answer scripted with token ids that decode to the same text as the tokenizer's own but split otherwise.
#include "session_fixture.h"

#include "lenscontroller.h"
#include "localbackend.h"
#include "rgbimage.h"

#include "io/model_folder.h"
#include "text/xlmr_tokenizer.h"

#include <map>

namespace {

// The demo model, whose answer is `answer` with the token ids `ids`; what it sees is real (explain()).
class ScriptedDemoBackend : public LocalBackend
{
public:
    ScriptedDemoBackend(QString answer, QList<qint64> ids)
        : LocalBackend(ModelSpec::localFolder(demoModelPath())), m_answer(std::move(answer)), m_ids(std::move(ids))
    {
    }
    bool generate(const AskRequest &, const OnText &onText, const ShouldAbort &, AnswerStats *stats, QString *,
                  QString *) override
    {
        onText(m_answer.toStdString());
        stats->generatedTokens = int(m_ids.size());
        stats->tokenIds = m_ids;
        return true;
    }

private:
    QString m_answer;
    QList<qint64> m_ids;
};

// `ids` with every token of [begin, end) whose piece splits into two pieces of the vocabulary split so.
std::vector<int64_t> splitTokens(const gc::text::Tokenizer &tok, const std::vector<int64_t> &ids, size_t begin,
                                 size_t end)
{
    std::map<std::string, int64_t> byPiece;
    for (int64_t id = 0; id < tok.vocabSize(); ++id)
        byPiece.emplace(tok.piece(id), id);
    std::vector<int64_t> out(ids.begin(), ids.begin() + std::ptrdiff_t(begin));
    for (size_t i = begin; i < end; ++i) {
        const std::string piece = tok.piece(ids[i]);
        bool split = false;
        for (size_t k = 1; k < piece.size() && !split; ++k) {
            const auto a = byPiece.find(piece.substr(0, k)), b = byPiece.find(piece.substr(k));
            if (a != byPiece.end() && b != byPiece.end() && tok.decode({a->second, b->second}) == tok.decode({ids[i]})) {
                out.push_back(a->second);
                out.push_back(b->second);
                split = true;
            }
        }
        if (!split)
            out.push_back(ids[i]);
    }
    out.insert(out.end(), ids.begin() + std::ptrdiff_t(end), ids.end());
    return out;
}

} // namespace

class TestLensHandoff : public QObject
{
    Q_OBJECT

private slots:
    void phraseGoesAsTheGeneratedTokenIds()
    {
        const std::string folder = demoModelPath().toStdString();
        const gc::text::XlmrTokenizer tok = gc::text::XlmrTokenizer::fromFolder(gc::io::openModelFolder(folder));
        const std::string head = "<phrase> a red circle</phrase><object><patch_index_0164><patch_index_0491></object> and";
        const std::string phrase = "<phrase> a blue square</phrase>";
        const std::string tail = "<object><patch_index_0059><patch_index_0529></object>.";
        const std::vector<int64_t> canonical = tok.encode(head + phrase + tail);
        // the phrase's tokens in the tokenizer's own split: those after the head's and before the tail's
        const size_t from = tok.encode(head).size(), to = canonical.size() - tok.encode(tail).size();
        const std::vector<int64_t> generated = splitTokens(tok, canonical, from, to);
        QVERIFY2(generated != canonical, "no token of the phrase splits into two pieces of the vocabulary");
        QCOMPARE(tok.decode(generated), tok.decode(canonical));
        const QString answer = QString::fromStdString(tok.decode(generated));
        const QList<qint64> ids(generated.begin(), generated.end());

        auto engine = makeEngineWith([&] { return std::make_unique<ScriptedDemoBackend>(answer, ids); });
        QCOMPARE(engine->state(), EngineController::State::Ready);
        Session s;
        openDemo(s, engine.get());
        s.conversation()->setTiling(QStringLiteral("whole")); // a tiled turn's answer has no token ids of its own
        QVERIFY(s.conversation()->send(QStringLiteral("An image of"), QStringLiteral("grounded-caption")));
        QTRY_VERIFY(!s.conversation()->answering());
        QCOMPARE(s.chat()->items().last().tokenIds, ids);

        gc::runtime::Explanation got;
        int answers = 0;
        connect(engine.get(), &EngineController::explained, this,
                [&](quint64, const gc::runtime::Explanation &e) { got = e, ++answers; });
        LensController lens;
        lens.setEngine(engine.get());
        lens.setSession(&s);
        QVERIFY(lens.explainLatest());
        QTRY_COMPARE_WITH_TIMEOUT(answers, 1, 30000);
        QVERIFY2(lens.error().isEmpty(), qPrintable(lens.error()));
        QVERIFY(lens.phrases().contains(QStringLiteral("a blue square")));
        lens.setPhrase(QStringLiteral("a blue square"));
        QTRY_COMPARE_WITH_TIMEOUT(answers, 2, 30000);
        QVERIFY2(lens.error().isEmpty(), qPrintable(lens.error()));

        // the model ran the ids the message carries, and the phrase is the generated tokens that wrote it
        QCOMPARE(got.answerTokens, generated);
        const std::vector<int64_t> span(generated.begin() + got.spanBegin, generated.begin() + got.spanEnd);
        QCOMPARE(QString::fromStdString(tok.decode(span)).trimmed(), QStringLiteral("a blue square"));
        // what the engine says of those ids and that span, asked directly
        gc::runtime::LocalModel model;
        QVERIFY(model.load(folder).ok());
        gc::runtime::ExplainParams p;
        p.answer = generated;
        p.spanBegin = got.spanBegin;
        p.spanEnd = got.spanEnd;
        gc::runtime::Explanation want;
        const QList<ChatMessage> messages = s.chat()->items();
        const gc::runtime::Status st =
            model.explain(toRgbImage(QImage(kDemo)), {}, messages[messages.size() - 2].prompt.toStdString(), p, want);
        QVERIFY2(st.ok(), st.message.c_str());
        QCOMPARE(got.attention.size(), want.attention.size());
        for (size_t i = 0; i < want.attention.size(); ++i)
            QVERIFY(qAbs(got.attention[i] - want.attention[i]) < 1e-5f);
    }
};

QTEST_MAIN(TestLensHandoff)
#include "tst_lenshandoff.moc"
