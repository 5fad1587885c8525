#include "tiledask.h"

#include "dialects/registry.h"
#include "dialects/tiled_answer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>

std::vector<gc::Tile> tilesForRequest(const AskRequest &request, const QSize &imageSize, int inputSide)
{
    if (!request.crop.isEmpty()) {
        const QRectF c = request.crop.intersected(QRectF(QPointF(0, 0), QSizeF(imageSize)));
        return {{{std::floor(c.left()), std::floor(c.top()), std::ceil(c.right()), std::ceil(c.bottom())}, false}};
    }
    if (request.tiling == Tiling::Whole || !request.marks.isEmpty() || imageSize.isEmpty())
        return {};
    if (request.tiling == Tiling::Auto && !gc::taskListsObjects(request.task.toStdString()))
        return {};
    const gc::SizeI image{imageSize.width(), imageSize.height()};
    gc::TileGrid grid = gc::autoTileGrid(image, inputSide);
    if (request.tiling == Tiling::Tiled && !grid.tiled())
        grid = {2, 2};
    return grid.tiled() ? gc::tilesOf(image, grid) : std::vector<gc::Tile>{};
}

namespace {

struct CropAnswer {
    bool done = false;
    std::string text;
    AnswerStats stats;
};

// A crop as a request of its own: a new conversation about those pixels.
AskRequest cropRequest(const AskRequest &request, const gc::Tile &crop)
{
    AskRequest sub = request;
    const QRect rect(int(crop.box.x1), int(crop.box.y1), int(crop.box.width()), int(crop.box.height()));
    sub.image = crop.global ? request.image : request.image.copy(rect);
    // a backend caches an image's embedding by its key: each crop is another image
    sub.imageKey = crop.global ? request.imageKey
                               : QStringLiteral("%1#crop=%2,%3,%4,%5").arg(request.imageKey).arg(rect.x()).arg(rect.y())
                                     .arg(rect.width()).arg(rect.height());
    sub.history.clear();
    sub.continueConversation = false;
    sub.tiling = Tiling::Whole;
    return sub;
}

} // namespace

TiledAskResult askTiled(const AskRequest &request, const std::vector<gc::Tile> &crops, ModelBackend &backend,
                        const std::function<std::unique_ptr<ModelBackend>()> &makeLane,
                        const ModelBackend::ShouldAbort &abort, const std::function<void(int done, int total)> &onProgress)
{
    TiledAskResult result;
    const gc::Dialect *dialect = gc::dialects::find(backend.dialectId().toStdString());
    if (!dialect) {
        result.ok = false;
        result.error = QCoreApplication::translate("TiledAsk", "This model's answers cannot be read in tiles.");
        result.detail = QStringLiteral("no dialect '%1'").arg(backend.dialectId());
        return result;
    }
    QElapsedTimer timer;
    timer.start();
    std::vector<CropAnswer> answers(crops.size());
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    int done = 0;
    const auto lane = [&](ModelBackend *model) {
        for (size_t i = next++; i < crops.size() && !failed && !abort(); i = next++) {
            CropAnswer a;
            QString error, detail;
            bool ok = false;
            try { // every lane's thread ends before the result is read
                ok = model->generate(cropRequest(request, crops[i]), [&](const std::string &piece) { a.text += piece; },
                                       abort, &a.stats, &error, &detail);
            } catch (const std::bad_alloc &) {
                error = QCoreApplication::translate("EngineWorker", "The engine ran out of memory.");
            } catch (const std::exception &e) {
                error = QCoreApplication::translate("EngineWorker", "The engine failed while answering.");
                detail = QString::fromUtf8(e.what());
            }
            const std::lock_guard<std::mutex> lock(mutex);
            if (!ok && !failed) {
                failed = true;
                result.ok = false;
                result.error = error;
                result.detail = detail;
            }
            if (!ok || abort()) // a crop stopped half-way says too little to merge
                return;
            a.done = true;
            answers[i] = std::move(a);
            onProgress(++done, int(crops.size()));
        }
    };
    std::vector<std::unique_ptr<QThread>> threads;
    const int lanes = std::min(backend.tileLanes(), int(crops.size()));
    for (int l = 1; l < lanes && makeLane; ++l) {
        threads.emplace_back(QThread::create([&] {
            if (const std::unique_ptr<ModelBackend> more = makeLane()) // fewer at once is still an answer
                lane(more.get());
        }));
        threads.back()->start();
    }
    lane(&backend);
    for (const auto &t : threads)
        t->wait();
    if (!result.ok)
        return result;

    gc::DecodeOptions options;
    options.prompt = request.prompt.toStdString();
    options.task = request.taskToken.toStdString();
    const InputFrame frame = backend.inputFrame();
    gc::TiledAnswer merged(*dialect, {request.image.width(), request.image.height()}, crops,
                           gc::mergeFor(request.task.toStdString()), options, [frame](gc::SizeI crop) {
                               const QSize s = frame ? frame(QSize(crop.width, crop.height)) : QSize();
                               return s.isValid() ? gc::SizeI{s.width(), s.height()} : gc::SizeI{};
                           });
    for (size_t i = 0; i < answers.size(); ++i) {
        if (!answers[i].done)
            continue;
        merged.add(i, answers[i].text);
        result.stats.promptTokens += answers[i].stats.promptTokens;
        result.stats.generatedTokens += answers[i].stats.generatedTokens;
        if (result.stats.timeToFirstTokenMs == 0)
            result.stats.timeToFirstTokenMs = answers[i].stats.timeToFirstTokenMs;
    }
    const double secs = double(timer.nsecsElapsed()) / 1e9;
    result.stats.tokensPerSecond = secs > 0 ? result.stats.generatedTokens / secs : 0;
    const std::optional<std::string> text = merged.text();
    if (!text) {
        result.ok = false;
        result.error = QCoreApplication::translate("TiledAsk", "This model's answers cannot be merged from tiles: "
                                                               "ask about the whole image.");
        result.detail = QStringLiteral("the %1 dialect cannot write the merged regions")
                            .arg(QString::fromStdString(dialect->info().displayName));
        return result;
    }
    result.text = QByteArray::fromStdString(*text);
    result.regions = merged.merged();
    return result;
}
