// The conversation part of Session: prompts with region chips, streaming answers into overlays.
#include "enginecontroller.h"
#include "session.h"
#include "session_stream.h"

#include "core/rle.h"
#include "dialects/registry.h"
#include "dialects/streaming_decoder.h"
#include "dialects/tiled_answer.h"
#include "segment/mask_polygon.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>
#include <QRegularExpression>

namespace {

const gc::Dialect *dialectById(const QString &id)
{
    const gc::Dialect *d = gc::dialects::find(id.toStdString());
    return d ? d : gc::dialects::find("kosmos2");
}

QString taskLabel(const QString &id)
{
    if (id == QLatin1String("grounded-caption"))
        return QObject::tr("Grounded caption");
    if (id == QLatin1String("refer"))
        return QObject::tr("Where is …");
    if (id == QLatin1String("region"))
        return QObject::tr("Describe this region");
    if (id == QLatin1String("detailed"))
        return QObject::tr("Detailed description");
    if (id == QLatin1String("detect"))
        return QObject::tr("Detect objects");
    if (id == QLatin1String("count"))
        return QObject::tr("Count");
    if (id == QLatin1String("caption"))
        return QObject::tr("Caption");
    if (id == QLatin1String("more-detailed"))
        return QObject::tr("More detailed description");
    if (id == QLatin1String("dense-caption"))
        return QObject::tr("Describe every object");
    if (id == QLatin1String("proposals"))
        return QObject::tr("Region proposals");
    if (id == QLatin1String("segment"))
        return QObject::tr("Segment …");
    if (id == QLatin1String("region-segment"))
        return QObject::tr("Segment this region");
    if (id == QLatin1String("region-category"))
        return QObject::tr("Name this region's category");
    if (id == QLatin1String("region-ocr"))
        return QObject::tr("Read the text in this region");
    if (id == QLatin1String("ocr"))
        return QObject::tr("Read the text (OCR)");
    if (id == QLatin1String("ocr-regions"))
        return QObject::tr("Read the text and its positions");
    if (id == QLatin1String("point"))
        return QObject::tr("Point to …");
    if (id == QLatin1String("document"))
        return QObject::tr("Parse document");
    if (id.isEmpty() || id == QLatin1String("chat"))
        return QObject::tr("Free chat");
    return id;
}

// The input frame of the loaded model (empty: the dialect derives it from the original size).
gc::SizeI inputFrame(const QSize &original, const EngineController *engine)
{
    const QSize frame = engine ? engine->inputFrame(original) : QSize();
    return {frame.width(), frame.height()};
}

// Free chat speaks the model's conversational format when its family has one.
const gc::TaskPrompt *taskFor(const gc::Dialect &d, const QString &id)
{
    const std::string wanted = id.isEmpty() ? std::string("chat") : id.toStdString();
    for (const gc::TaskPrompt &t : d.info().tasks)
        if (t.id == wanted)
            return &t;
    return nullptr;
}

// What a task takes besides the image, as its dialect's table says: nothing (its template has no place
// for input), a region (needsRegion) or words. Free chat takes the user's message.
enum class TaskInput { Message, None, Phrase, Region };

TaskInput taskInput(const gc::TaskPrompt *t)
{
    if (!t || t->id == "chat")
        return TaskInput::Message;
    if (t->needsRegion)
        return TaskInput::Region;
    return t->templ.find("{input}") == std::string::npos ? TaskInput::None : TaskInput::Phrase;
}

// The views a tiled or Look closer turn asked the model about, recorded as tools of its question (row - 1): the
// tiles' grid and each tile's rectangle, or which crop, how long they took and the regions the answer has. A
// regenerated answer's record replaces the one before. Saved with the session and undone with the turn.
void recordViews(DocumentState &doc, int row, double ms, const QSize &grid, const QList<QRectF> &tiles)
{
    if (row < 1 || !doc.messages[row - 1].fromUser)
        return;
    const ChatMessage &answer = doc.messages[row];
    ChatMessage &asked = doc.messages[row - 1];
    QStringList ids;
    for (const RegionItem &r : doc.regions)
        if (r.fromModel && r.messageIndex == row)
            ids << r.id;
    asked.tools.removeIf([](const ToolRun &t) { return t.tool == QLatin1String("tiles"); });
    if (answer.tilesTotal > 1) {
        // the first line names the run; then each tile's rectangle
        const QString views = grid.isValid()
                                  ? Session::tr("%1×%2 tiles + whole view").arg(grid.width()).arg(grid.height())
                                  : Session::tr("%1 tiles + whole view").arg(answer.tilesTotal - 1);
        QString output = answer.tilesDone < answer.tilesTotal
                             ? Session::tr("Tiled: %1 (%2 of %3 views answered)")
                                   .arg(views).arg(answer.tilesDone).arg(answer.tilesTotal)
                             : Session::tr("Tiled: %1").arg(views);
        for (qsizetype k = 0; k < tiles.size(); ++k)
            output += QLatin1Char('\n') + Session::tr("tile %1: %2, %3 – %4, %5")
                                              .arg(k + 1)
                                              .arg(tiles[k].left())
                                              .arg(tiles[k].top())
                                              .arg(tiles[k].right())
                                              .arg(tiles[k].bottom());
        ToolRun run{QStringLiteral("tiles"), {}, ms, output, ids};
        run.grid = grid;
        run.tiles = tiles;
        asked.tools.append(run);
    }
    for (ToolRun &t : asked.tools)
        if (t.tool == QLatin1String("zoom")) {
            t.ms = ms;
            t.regionIds = ids;
        }
}

const QRegularExpression &chipPattern()
{
    static const QRegularExpression chip(QStringLiteral("@([RMA]?\\d+)\\b"));
    return chip;
}

// A turn the model answers about the marks: one that cites a mark ("@3", "@M3") or asks about them ("which mark
// is the red circle?", "哪个标记是红圆？"). The model then sees their numbers drawn on the image, and answers with them.
bool turnIsAboutMarks(const QString &text)
{
    static const QRegularExpression aboutMarks(QStringLiteral("@M?\\d+\\b|\\bmark(s|ed)?\\b|标记|编号"),
                                               QRegularExpression::CaseInsensitiveOption);
    return text.contains(aboutMarks);
}

// "@3" is Set-of-Mark mark 3
QString chipId(const QRegularExpressionMatch &m)
{
    QString id = m.captured(1);
    if (id.at(0).isDigit())
        id.prepend(QLatin1Char('M'));
    return id;
}

// What a region is called after a phrase of the answer. Decoders name a phrase-less region after its
// tokens (Kosmos-2: "<patch_index_A><patch_index_B>", as transformers does); the user never sees markup.
QString labelOf(const std::string &phrase)
{
    static const QRegularExpression tag(QStringLiteral("<[^<>]*>"));
    return QString::fromStdString(phrase).remove(tag).trimmed();
}

// What the user reads when an answer failed: the sentence and its technical cause, on one line.
QString failureText(const QString &error, const QString &detail)
{
    const QString cause = detail.simplified();
    return cause.isEmpty() ? error : Session::tr("%1 (%2)").arg(error, cause);
}

// A model's polygon outlines an object's pixels (Florence-2's segmentation): it becomes a mask over the
// image, as the segmenter's masks are, so that it exports and refines like one.
void polygonToMask(RegionItem &r, const QSize &imageSize)
{
    gc::seg::MaskPolygon polygon;
    for (const QPointF &p : r.points)
        polygon.outer.push_back({p.x(), p.y()});
    const gc::Mask mask = gc::seg::polygonsToMask({polygon}, imageSize.width(), imageSize.height());
    r.kind = QStringLiteral("mask");
    r.maskRle = QString::fromStdString(gc::rleToString(gc::rleEncode(mask)));
    r.maskSize = imageSize;
}

} // namespace

SessionConversation::SessionConversation(Session &session) : m_session(session)
{
    // a session being replaced ends its answers first: they belong to documents about to go
    connect(&m_session, &Session::replacing, this, [this] {
        stop();
        m_streams.clear();
    });
    connect(&m_session, &Session::replaced, this, &SessionConversation::answeringChanged);
}

SessionConversation::~SessionConversation() = default;

void SessionConversation::setEngine(EngineController *engine)
{
    if (engine == m_engine)
        return;
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_engine = engine;
    if (m_engine) {
        connect(m_engine, &EngineController::answerDelta, this, &SessionConversation::onAnswerDelta);
        connect(m_engine, &EngineController::answerSearchProgress, this, &SessionConversation::onSearchProgress);
        connect(m_engine, &EngineController::answerTileProgress, this, &SessionConversation::onTileProgress);
        connect(m_engine, &EngineController::answerTiles, this, &SessionConversation::onTiles);
        connect(m_engine, &EngineController::answerRegions, this, &SessionConversation::onAnswerRegions);
        connect(m_engine, &EngineController::answerFinished, this, &SessionConversation::onAnswerFinished);
        connect(m_engine, &EngineController::answerFailed, this, &SessionConversation::onAnswerFailed);
        connect(m_engine, &EngineController::stateChanged, this, &SessionConversation::dialectChanged);
    }
    emit engineChanged();
    emit dialectChanged();
}

QString SessionConversation::dialect() const
{
    if (m_engine && !m_engine->dialect().isEmpty())
        return m_engine->dialect();
    return QStringLiteral("kosmos2");
}

QList<int> SessionConversation::answeringRows(int image) const
{
    QList<int> rows;
    for (const auto &entry : m_streams)
        if (entry.second->image == image)
            rows << entry.second->row;
    return rows;
}

QVariantList SessionConversation::taskPresets() const
{
    const QStringList known = m_engine ? m_engine->modelTasks() : QStringList();
    const auto preset = [&](const QString &id, const gc::TaskPrompt *t) {
        const bool trained = known.isEmpty() || known.contains(t ? QString::fromStdString(t->id) : QStringLiteral("chat"));
        const QString name = taskLabel(id);
        QString input, inputLabel, hint;
        switch (taskInput(t)) {
        case TaskInput::Message:
            input = QStringLiteral("message");
            inputLabel = Session::tr("your message");
            break;
        case TaskInput::None:
            input = QStringLiteral("none");
            inputLabel = Session::tr("nothing to type");
            hint = Session::tr("“%1” needs nothing typed: press Send.").arg(name);
            break;
        case TaskInput::Phrase:
            input = QStringLiteral("phrase");
            inputLabel = Session::tr("a phrase");
            hint = Session::tr("“%1” needs a phrase: type it here.").arg(name);
            break;
        case TaskInput::Region:
            input = QStringLiteral("region");
            inputLabel = Session::tr("a drawn box");
            hint = Session::tr("“%1” takes the last box you drew on the image, or the one you cite (e.g. @R1).").arg(name);
            break;
        }
        return QVariantMap{{QStringLiteral("id"), id},
                           {QStringLiteral("label"), trained ? name : Session::tr("%1 (not trained)").arg(name)},
                           {QStringLiteral("template"), t ? QString::fromStdString(t->templ) : QStringLiteral("{input}")},
                           {QStringLiteral("needsRegion"), t && t->needsRegion},
                           // what it takes besides the image ("message", "none", "phrase", "region"), said
                           // for the picker and for the message box
                           {QStringLiteral("input"), input},
                           {QStringLiteral("inputLabel"), inputLabel},
                           {QStringLiteral("inputHint"), hint},
                           {QStringLiteral("trained"), trained}};
    };
    const gc::Dialect &d = *dialectById(dialect());
    QVariantList out{preset(QString(), taskFor(d, QString()))};
    for (const gc::TaskPrompt &t : d.info().tasks)
        if (t.id != "chat")
            out << preset(QString::fromStdString(t.id), &t);
    return out;
}

QVariantList SessionConversation::chipsIn(const QString &text) const
{
    QVariantList out;
    QStringList seen;
    auto it = chipPattern().globalMatch(text);
    while (it.hasNext()) {
        const QString id = chipId(it.next());
        if (seen.contains(id))
            continue;
        seen << id;
        const int row = m_session.regions()->rowOf(id);
        out << QVariantMap{{QStringLiteral("regionId"), id},
                           {QStringLiteral("valid"), row >= 0},
                           {QStringLiteral("colorIndex"), row >= 0 ? m_session.regions()->items()[row].colorIndex : -1},
                           {QStringLiteral("label"), row >= 0 ? m_session.regions()->items()[row].label : QString()}};
    }
    return out;
}

bool SessionConversation::promptRegion(const QString &id, const gc::Dialect &d, gc::PromptRegion *out, QString *error) const
{
    const int row = m_session.regions()->rowOf(id);
    if (row < 0) {
        *error = Session::tr("There is no region %1 on this image.").arg(id);
        return false;
    }
    const RegionItem &r = m_session.regions()->items()[row];
    const QSize size = m_session.currentImageSize();
    const bool pointLike = r.kind == QLatin1String("point") || r.kind == QLatin1String("mark");
    if (pointLike && d.info().caps.pointIn) {
        out->kind = gc::RegionKind::Point;
        out->point = {r.box.center().x(), r.box.center().y()};
    } else if (pointLike) {
        // a family that only reads boxes gets a small box around the point
        const double rx = std::max(2.0, size.width() * 0.02), ry = std::max(2.0, size.height() * 0.02);
        const QPointF c = r.box.center();
        out->box = {std::max(0.0, c.x() - rx), std::max(0.0, c.y() - ry), std::min<double>(size.width(), c.x() + rx),
                    std::min<double>(size.height(), c.y() + ry)};
    } else {
        out->box = {r.box.left(), r.box.top(), r.box.right(), r.box.bottom()};
    }
    return true;
}

QString SessionConversation::buildPrompt(const QString &text, const QString &task, QString *error) const
{
    const gc::Dialect &d = *dialectById(dialect());
    const gc::TaskPrompt *t = taskFor(d, task);
    if (!task.isEmpty() && !t) {
        *error = Session::tr("This model has no task “%1”.").arg(task);
        return {};
    }
    const QSize size = m_session.currentImageSize();
    gc::EncodeRequest request;
    request.imageSize = {size.width(), size.height()};
    request.inputSize = inputFrame(size, m_engine);
    if (t)
        request.task = t->id;
    const QString label = taskLabel(task);
    const auto encoded = [&](const gc::EncodeRequest &r) -> QString {
        const gc::EncodeResult enc = d.encode(r);
        if (!enc.ok)
            *error = Session::tr("This model cannot take that: %1").arg(QString::fromStdString(enc.error));
        return enc.ok ? QString::fromStdString(enc.text) : QString();
    };

    // A region task writes its own question around the cited regions, as the model was trained on it; with
    // none cited, around the last one drawn.
    if (t && t->needsRegion) {
        QString words = text;
        words.remove(chipPattern());
        const QString drawn = lastDrawnRegion();
        const QString cited = chipPattern().match(text).hasMatch() || !words.trimmed().isEmpty() || drawn.isEmpty()
                                  ? text
                                  : QLatin1Char('@') + drawn;
        auto it = chipPattern().globalMatch(cited);
        if (!it.hasNext()) {
            *error = Session::tr("“%1” is about a region: draw a box on the image, or cite one in the message (e.g. @R1).")
                         .arg(label);
            return {};
        }
        if (!words.trimmed().isEmpty()) {
            *error = Session::tr("“%1” asks its own question about the cited regions: leave only the regions in the message "
                        "(e.g. @R1), or use Free chat to ask in your own words.")
                         .arg(label);
            return {};
        }
        while (it.hasNext()) {
            gc::PromptRegion region;
            if (!promptRegion(chipId(it.next()), d, &region, error))
                return {};
            request.regions.push_back(region);
        }
        return encoded(request);
    }

    // Elsewhere a cited region is written in place, named by its label, inside the user's words.
    QString body;
    qsizetype last = 0;
    auto it = chipPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString id = chipId(m);
        if (t && t->id != "chat") {
            // the template puts the words inside a phrase ("Where is …"): a region there would nest
            *error = Session::tr("“%1” asks about your words and takes no regions: remove %2, or choose another task.")
                         .arg(label, QLatin1Char('@') + m.captured(1));
            return {};
        }
        gc::EncodeRequest inline_;
        inline_.imageSize = request.imageSize;
        inline_.inputSize = request.inputSize;
        gc::PromptRegion region;
        if (!promptRegion(id, d, &region, error))
            return {};
        const RegionItem &r = m_session.regions()->items()[m_session.regions()->rowOf(id)];
        inline_.phrase = (r.label.isEmpty() ? (r.kind == QLatin1String("mark") ? Session::tr("mark %1").arg(r.markNumber)
                                                                                : Session::tr("this region"))
                                            : r.label)
                             .toStdString();
        inline_.regions.push_back(region);
        const QString one = encoded(inline_);
        if (one.isEmpty())
            return {};
        body += text.mid(last, m.capturedStart() - last) + one;
        last = m.capturedEnd();
    }
    body += text.mid(last);
    if (body.trimmed().isEmpty() && (!t || t->templ.find("{input}") != std::string::npos)) {
        *error = task.isEmpty() ? Session::tr("Type a message or choose a task.")
                                : Session::tr("“%1” needs your words: type them in the message.").arg(label);
        return {};
    }
    if (!t)
        return body;
    request.phrase = body.trimmed().toStdString();
    return encoded(request);
}

QString SessionConversation::lastDrawnRegion() const
{
    const QList<RegionItem> &regions = m_session.regions()->items();
    for (auto r = regions.crbegin(); r != regions.crend(); ++r)
        if (!r->fromModel && r->kind != QLatin1String("mark"))
            return r->id;
    return {};
}

QString SessionConversation::previewPrompt(const QString &text, const QString &task) const
{
    QString error;
    return buildPrompt(text, task, &error);
}

QString SessionConversation::promptError(const QString &text, const QString &task) const
{
    QString error;
    buildPrompt(text, task, &error);
    return error;
}

const gc::Dialect &SessionConversation::activeDialect() const { return *dialectById(dialect()); }

gc::SizeI SessionConversation::currentInputFrame() const { return inputFrame(m_session.currentImageSize(), m_engine); }

bool SessionConversation::send(const QString &text, const QString &task) { return sendWithHint(text, task, {}, {}); }

bool SessionConversation::readyToAsk()
{
    if (m_session.currentImage() < 0) {
        m_session.fail(Session::tr("Open an image first."));
        return false;
    }
    if (!m_engine || m_engine->state() != EngineController::State::Ready) {
        m_session.fail(Session::tr("No model is ready. Choose a model first."));
        return false;
    }
    return true;
}

bool SessionConversation::sendWithHint(const QString &text, const QString &task, const QString &hint,
                                       const QList<ToolRun> &tools)
{
    if (!readyToAsk())
        return false;
    QString error;
    QString prompt = buildPrompt(text, task, &error);
    if (!error.isEmpty()) {
        m_session.fail(error);
        return false;
    }
    const bool hinted = !hint.isEmpty() && (task.isEmpty() || task == QLatin1String("chat"));
    if (hinted)
        prompt = hint + QStringLiteral("\n\n") + prompt;
    ChatMessage user;
    user.fromUser = true;
    user.text = text.trimmed();
    if (user.text.isEmpty()) {
        const gc::TaskPrompt *t = taskFor(*dialectById(dialect()), task);
        user.text = taskLabel(task) + (t && t->needsRegion ? QStringLiteral(" @") + lastDrawnRegion() : QString());
    }
    user.prompt = prompt;
    user.task = task;
    user.dialect = dialect();
    if (hinted)
        user.tools = tools;
    return sendTurn(user);
}

bool SessionConversation::sendTurn(const ChatMessage &user)
{
    const DocumentState before = m_session.currentDocument();
    m_session.currentDocument().messages.append(user);
    m_session.chat()->append(user);
    if (!startAnswer(int(m_session.currentDocument().messages.size()) - 1, user.prompt)) {
        m_session.currentDocument() = before;
        m_session.applyDocument(before);
        return false;
    }
    m_streams.rbegin()->second->before = before;
    return true;
}

QList<ChatTurn> turnsBefore(const QList<ChatMessage> &messages, int userRow, bool multiTurn)
{
    QList<ChatTurn> turns;
    if (!messages.value(userRow).task.isEmpty() || !multiTurn)
        return turns;
    int first = 0;
    for (int i = 0; i < userRow; ++i)
        if (messages[i].fromUser && !messages[i].task.isEmpty())
            first = i;
    // every backend gets the conversation so far (the turn is stateless), each answer as the model wrote it
    for (int i = first; i + 1 < userRow; ++i)
        if (messages[i].fromUser && !messages[i + 1].fromUser && !messages[i + 1].raw.isEmpty())
            turns.append({messages[i].prompt, QString::fromUtf8(messages[i + 1].raw)});
    return turns;
}

bool SessionConversation::startAnswer(int userRow, const QString &prompt)
{
    if (!m_session.currentImageUsable())
        return false;
    AskRequest request;
    request.imageKey = m_session.imagePath(m_session.currentImage());
    request.prompt = prompt;
    // A task preset is a prompt of its own, as the model was trained on it: a new conversation about the
    // image. Free chat continues the conversation, which began at the last preset turn before it, with a
    // model trained on conversations; one trained on single prompts gets each question on its own.
    const QList<ChatMessage> &messages = m_session.currentDocument().messages;
    const bool continues = messages.value(userRow).task.isEmpty() && m_engine->modelMultiTurn();
    request.continueConversation = continues && userRow > 0;
    request.history = turnsBefore(messages, userRow, m_engine->modelMultiTurn());
    request.generation = m_generation;
    // When the turn cites or asks about marks, the model sees the marks shown: a numbered copy of the image
    // (Set-of-Mark).
    if (turnIsAboutMarks(m_session.currentDocument().messages.value(userRow).text))
        for (const RegionItem &r : m_session.currentDocument().regions)
            if (r.kind == QLatin1String("mark") && r.visible && !r.points.isEmpty())
                request.marks.append({r.markNumber, r.points.front(), r.maskRle, r.maskSize});
    // regions and marks are written for the whole image: a turn citing them is asked about it whole
    const gc::TaskPrompt *preset = messages.value(userRow).task.isEmpty()
                                       ? nullptr
                                       : taskFor(*dialectById(dialect()), messages.value(userRow).task);
    request.tiling = messages.value(userRow).text.contains(chipPattern()) || (preset && preset->needsRegion) ? Tiling::Whole : m_tiling;
    request.crop = messages.value(userRow).crop;
    request.task = messages.value(userRow).task;
    request.taskToken = preset ? QString::fromStdString(preset->token) : QString();
    const quint64 id = m_engine->ask(request);
    if (id == 0) {
        m_session.fail(m_engine->errorText().isEmpty() ? Session::tr("The engine did not take the request.") : m_engine->errorText());
        return false;
    }
    ChatMessage answer;
    answer.fromUser = false;
    answer.streaming = true;
    answer.dialect = dialect();
    m_session.currentDocument().messages.append(answer);
    m_session.chat()->append(answer);

    auto s = std::make_unique<Stream>();
    s->image = m_session.currentImage();
    s->row = int(m_session.currentDocument().messages.size()) - 1;
    gc::DecodeOptions options;
    s->imageSize = m_session.currentImageSize();
    options.imageSize = {s->imageSize.width(), s->imageSize.height()};
    options.inputSize = inputFrame(s->imageSize, m_engine);
    options.prompt = prompt.toStdString(); // a completion-style family's answer continues it
    // a family whose answers' grammar depends on the task (Florence-2) reads it by the task's token
    if (const gc::TaskPrompt *t = messages.value(userRow).task.isEmpty() ? nullptr
                                                                         : taskFor(*dialectById(answer.dialect), messages.value(userRow).task))
        options.task = t->token;
    s->decoder = std::make_unique<gc::StreamingDecoder>(*dialectById(answer.dialect), options);
    s->colorBase = m_session.nextColor();
    s->clock.start();
    m_streams.emplace(id, std::move(s));
    emit answeringChanged();
    return true;
}

void SessionConversation::syncAnswer(Stream &s, bool final)
{
    DocumentState &doc = m_session.document(s.image);
    const gc::GroundedText result = final ? s.decoder->finish() : s.decoder->current();
    gc::GroundedText px = result.normalized ? result.toPixels({s.imageSize.width(), s.imageSize.height()}) : result;
    if (s.merged)
        (void)gc::keepMergedGeometry(px, *s.merged);

    // Regions of this answer, rebuilt from the decode; ids stay stable because decode order is stable.
    QStringList oldIds;
    QList<RegionItem> kept;
    for (const RegionItem &r : doc.regions) {
        if (r.fromModel && r.messageIndex == s.row)
            oldIds << r.id;
        else
            kept << r;
    }
    // An answer that is only regions (Kosmos-2 answering a referring expression: the phrase was in the
    // prompt, the answer is `<object>…</object>.`) takes the user's words as its text, so the bubble says
    // what was found and the boxes are named.
    QString text = QString::fromStdString(px.text);
    static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}]"));
    bool regionsOnly = !text.contains(word) && !px.entities.empty();
    for (const gc::Entity &entity : px.entities)
        regionsOnly = regionsOnly && !entity.hasSpan; // its "phrase" is then at most the region's tokens
    const QString asked = s.row > 0 && doc.messages[s.row - 1].fromUser ? doc.messages[s.row - 1].text : QString();
    if (regionsOnly && !asked.isEmpty())
        text = asked;
    QList<RegionItem> fresh;
    QVariantList entities;
    int n = 0;
    for (size_t e = 0; e < px.entities.size(); ++e) {
        gc::Entity entity = px.entities[e];
        if (regionsOnly && !asked.isEmpty()) {
            entity.phrase = asked.toStdString();
            entity.hasSpan = e == 0;
            entity.span = {0, size_t(asked.toUcs4().size())};
        }
        QStringList ids;
        for (const gc::Region &gr : entity.regions) {
            RegionItem r;
            r.id = n < oldIds.size() ? oldIds[n] : QStringLiteral("A%1").arg(doc.nextAnswerRegion++);
            ++n;
            r.fromModel = true;
            r.kind = QString::fromLatin1(gc::regionKindName(gr.kind));
            r.label = labelOf(entity.phrase);
            r.colorIndex = s.colorBase + int(e);
            r.box = QRectF(QPointF(gr.box.x1, gr.box.y1), QPointF(gr.box.x2, gr.box.y2));
            for (const gc::PointF &p : gr.points)
                r.points << QPointF(p.x, p.y);
            if (final && gr.kind == gc::RegionKind::Polygon)
                polygonToMask(r, s.imageSize);
            r.messageIndex = s.row;
            r.entityIndex = int(e);
            // keep what the user did to a region while it streamed (hide, accept)
            for (const RegionItem &old : doc.regions)
                if (old.id == r.id) {
                    r.visible = old.visible;
                    r.accepted = old.accepted;
                }
            fresh << r;
            ids << r.id;
        }
        entities << QVariantMap{{QStringLiteral("phrase"), labelOf(entity.phrase)},
                                {QStringLiteral("spanBegin"), entity.hasSpan ? int(entity.span.begin) : -1},
                                {QStringLiteral("spanEnd"), entity.hasSpan ? int(entity.span.end) : -1},
                                {QStringLiteral("colorIndex"), s.colorBase + int(e)},
                                {QStringLiteral("regionIds"), ids}};
    }
    m_session.reserveColors(s.colorBase + int(px.entities.size()));
    doc.regions = kept + fresh;
    ChatMessage &m = doc.messages[s.row];
    m.raw = QByteArray::fromStdString(s.decoder->raw());
    m.text = text;
    // stored in the form a session file gives back (JSON numbers and arrays), so saved == loaded
    m.entities = QJsonArray::fromVariantList(entities).toVariantList();
    if (s.image == m_session.currentImage()) {
        m_session.regions()->setItems(doc.regions);
        m_session.chat()->replace(s.row, m);
    }
}

void SessionConversation::onAnswerDelta(quint64 id, const QByteArray &piece)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    Stream &s = *it->second;
    const size_t fresh = s.decoder->feed(std::string_view(piece.constData(), size_t(piece.size()))).size();
    syncAnswer(s, false);
    m_session.markEdited();
    if (fresh == 0 || s.image != m_session.currentImage())
        return;
    // the answer's regions are in decode order, so the fresh ones are its last ones
    QStringList ids;
    for (const RegionItem &r : m_session.document(s.image).regions)
        if (r.fromModel && r.messageIndex == s.row)
            ids << r.id;
    for (qsizetype i = std::max<qsizetype>(0, ids.size() - qsizetype(fresh)); i < ids.size(); ++i)
        emit m_session.regionAdded(ids[i], true);
}

std::unique_ptr<SessionConversation::Stream> SessionConversation::finishStream(quint64 id,
                                                                          const std::function<void(ChatMessage &)> &update)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return nullptr;
    std::unique_ptr<Stream> s = std::move(it->second);
    m_streams.erase(it);
    syncAnswer(*s, true);
    ChatMessage &m = m_session.document(s->image).messages[s->row];
    m.streaming = false;
    m.searchStep = m.searchMaxSteps = 0;
    update(m);
    DocumentState &doc = m_session.document(s->image);
    recordViews(doc, s->row, double(s->clock.nsecsElapsed()) / 1e6, s->tileGrid, s->tiles);
    if (s->image == m_session.currentImage()) {
        if (s->row >= 1)
            m_session.chat()->replace(s->row - 1, doc.messages[s->row - 1]);
        m_session.chat()->replace(s->row, doc.messages[s->row]);
    }
    // the undo step belongs to the answer's image and holds the turn alone, not what the user did meanwhile
    m_session.commit(s->image, m_session.document(s->image).withConversationOf(s->before), Session::tr("Answer"));
    emit answeringChanged();
    return s;
}

void SessionConversation::restoreReplaced(std::unique_ptr<Stream> s)
{
    // The replaced turns come back as they were; what the user drew meanwhile stays as its own undo steps, so
    // the regenerate that said nothing leaves no step of its own.
    DocumentState &doc = m_session.document(s->image);
    doc = doc.withConversationOf(s->before);
    if (s->image == m_session.currentImage())
        m_session.applyDocument(doc);
    emit answeringChanged();
}

void SessionConversation::onAnswerFinished(quint64 id, bool cancelled, const AnswerStats &stats)
{
    if (const auto it = m_streams.find(id); cancelled && it != m_streams.end() && it->second->replacesAnswer &&
                                            it->second->decoder->raw().empty()) {
        std::unique_ptr<Stream> s = std::move(it->second);
        m_streams.erase(it);
        restoreReplaced(std::move(s));
        return;
    }
    const std::unique_ptr<Stream> s = finishStream(id, [&](ChatMessage &m) {
        m.cancelled = cancelled;
        m.ttftMs = stats.timeToFirstTokenMs;
        m.tokensPerSecond = stats.tokensPerSecond;
        m.tokens = stats.generatedTokens;
        m.tokenIds = stats.tokenIds;
    });
    if (s) {
        emit answerFinished(s->image, s->row, cancelled);
        if (!cancelled)
            zoomIfTiny(s->image, s->row);
    }
}

void SessionConversation::onSearchProgress(quint64 id, int step, int maxSteps)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    const Stream &s = *it->second;
    ChatMessage &m = m_session.document(s.image).messages[s.row];
    m.searchStep = step;
    m.searchMaxSteps = maxSteps;
    if (s.image == m_session.currentImage())
        m_session.chat()->replace(s.row, m);
}

void SessionConversation::onTileProgress(quint64 id, int done, int total)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    const Stream &s = *it->second;
    ChatMessage &m = m_session.document(s.image).messages[s.row];
    m.tilesDone = done;
    m.tilesTotal = total;
    if (s.image == m_session.currentImage())
        m_session.chat()->replace(s.row, m);
}

void SessionConversation::onTiles(quint64 id, const QSize &grid, const QList<QRectF> &tiles)
{
    if (const auto it = m_streams.find(id); it != m_streams.end()) {
        it->second->tileGrid = grid;
        it->second->tiles = tiles;
    }
}

void SessionConversation::onAnswerRegions(quint64 id, const std::vector<gc::Entity> &regions)
{
    if (const auto it = m_streams.find(id); it != m_streams.end())
        it->second->merged = regions;
}

void SessionConversation::onAnswerFailed(quint64 id, const QString &error, const QString &detail)
{
    // the log has it too (EngineWorker); the user should not need the log to know what went wrong
    const QString text = failureText(error, detail);
    if (finishStream(id, [&](ChatMessage &m) { m.error = text; }))
        m_session.fail(text);
}

void SessionConversation::stop()
{
    if (!m_engine)
        return;
    for (const auto &entry : m_streams)
        m_engine->cancel(entry.first);
}

bool SessionConversation::regenerate(int row)
{
    if (m_session.currentImage() < 0 || answering() || !m_engine)
        return false;
    const DocumentState before = m_session.currentDocument();
    DocumentState &doc = m_session.currentDocument();
    if (row < 0)
        row = int(doc.messages.size()) - 1;
    if (row >= doc.messages.size())
        return false;
    int userRow = row;
    while (userRow >= 0 && !doc.messages[userRow].fromUser)
        --userRow;
    if (userRow < 0)
        return false;
    while (doc.messages.size() > userRow + 1) {
        const int last = int(doc.messages.size()) - 1;
        doc.regions.erase(std::remove_if(doc.regions.begin(), doc.regions.end(),
                                         [last](const RegionItem &r) { return r.fromModel && r.messageIndex == last; }),
                          doc.regions.end());
        doc.messages.removeLast();
    }
    m_session.applyDocument(doc);
    if (!startAnswer(userRow, doc.messages[userRow].prompt)) {
        m_session.currentDocument() = before;
        m_session.applyDocument(before);
        return false;
    }
    m_streams.rbegin()->second->before = before;
    m_streams.rbegin()->second->replacesAnswer = true;
    return true;
}

void SessionConversation::copyMessage(int row) const
{
    if (row < 0 || row >= m_session.chat()->rowCount())
        return;
    QGuiApplication::clipboard()->setText(m_session.chat()->items()[row].text);
}

QVariantMap SessionConversation::generation() const
{
    return {{QStringLiteral("maxNewTokens"), m_generation.maxNewTokens},
            {QStringLiteral("temperature"), m_generation.temperature},
            {QStringLiteral("topP"), m_generation.topP},
            {QStringLiteral("topK"), m_generation.topK},
            {QStringLiteral("seed"), m_generation.seed},
            {QStringLiteral("noRepeatNgramSize"), m_generation.noRepeatNgramSize}};
}

void SessionConversation::setGeneration(const QVariantMap &o)
{
    GenerationSettings g = m_generation;
    g.maxNewTokens = std::clamp(o.value(QStringLiteral("maxNewTokens"), g.maxNewTokens).toInt(), 0, 4096);
    g.temperature = std::clamp(o.value(QStringLiteral("temperature"), g.temperature).toDouble(), 0.0, 5.0);
    g.topP = std::clamp(o.value(QStringLiteral("topP"), g.topP).toDouble(), 0.0, 1.0);
    g.topK = std::max(0, o.value(QStringLiteral("topK"), g.topK).toInt());
    g.seed = o.value(QStringLiteral("seed"), g.seed).toInt();
    g.noRepeatNgramSize = std::max(-1, o.value(QStringLiteral("noRepeatNgramSize"), g.noRepeatNgramSize).toInt());
    m_generation = g;
    emit generationChanged();
}

QString SessionConversation::tiling() const
{
    switch (m_tiling) {
    case Tiling::Whole: return QStringLiteral("whole");
    case Tiling::Tiled: return QStringLiteral("tiled");
    case Tiling::Auto: break;
    }
    return QStringLiteral("auto");
}

void SessionConversation::setTiling(const QString &mode)
{
    const Tiling t = mode == QLatin1String("whole") ? Tiling::Whole
                     : mode == QLatin1String("tiled") ? Tiling::Tiled
                                                      : Tiling::Auto;
    if (t == m_tiling)
        return;
    m_tiling = t;
    emit tilingChanged();
}
