#pragma once

#include "modelbackend.h"

#include "core/tiling.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QRectF>
#include <QSize>

#include <atomic>
#include <memory>

// What a load that worked reports: how the backend names itself and reads images, and what was asked for.
struct LoadedModel {
    QString name;
    QString dialect;
    QStringList tasks;
    bool multiTurn = true;
    InputFrame inputFrame;
    ModelSpec spec;
    qint64 weightBytes = 0; // ModelBackend::weightBytes
};

Q_DECLARE_METATYPE(ModelSpec)
Q_DECLARE_METATYPE(LoadedModel)
Q_DECLARE_METATYPE(AskRequest)
Q_DECLARE_METATYPE(AnswerStats)
Q_DECLARE_METATYPE(InputFrame)
Q_DECLARE_METATYPE(ExplainRequest)
Q_DECLARE_METATYPE(gc::runtime::Explanation)
Q_DECLARE_METATYPE(std::vector<gc::Entity>)

// Lives on the engine thread and owns the model. Reached only through queued slots; reports through
// signals. Text is batched so that the GUI gets at most one update every ~25 ms.
class EngineWorker : public QObject
{
    Q_OBJECT
public:
    struct Control {
        std::atomic<quint64> cancelUpTo{0}; // every request with id <= this stops at the next token
        std::atomic<bool> cancelLoad{false};
    };

    EngineWorker(BackendFactory factory, std::shared_ptr<Control> control);
    ~EngineWorker() override;

public slots:
    void loadModel(const ModelSpec &spec);
    void ask(const AskRequest &request);
    void explain(const ExplainRequest &request);

signals:
    void loadProgress(double fraction, const QString &stage);
    void modelLoaded(const LoadedModel &model);
    // The model asked for did not load; the one loaded before (if any) is still in use.
    void modelFailed(const QString &error, const QString &detail);
    void answerStarted(quint64 id);
    void answerDelta(quint64 id, const QByteArray &piece);
    // An answer that cannot stream (beam search): `step` steps searched of at most `maxSteps`, at most one
    // report every ~25 ms; its text comes through answerDelta when the search ends.
    void answerSearchProgress(quint64 id, int step, int maxSteps);
    // A tiled turn (tiledask.h): `done` of its `total` crops answered; its merged text comes when they all are.
    void answerTileProgress(quint64 id, int done, int total);
    // A tiled turn's views, as it starts: the grid (columns x rows) and each tile's rectangle (pixels of the image),
    // the global view not among them.
    void answerTiles(quint64 id, const QSize &grid, const QList<QRectF> &tiles);
    // A tiled turn's regions as merged (pixels of the image), before its text: the text may write them coarser.
    void answerRegions(quint64 id, const std::vector<gc::Entity> &regions);
    void answerFinished(quint64 id, bool cancelled, const AnswerStats &stats);
    void answerFailed(quint64 id, const QString &error, const QString &detail);
    void explained(quint64 id, const gc::runtime::Explanation &explanation);
    void explainFailed(quint64 id, const QString &error, const QString &detail);

private:
    // Makes and loads the backend `spec` names; nullptr with *error (and *detail) when that fails.
    std::unique_ptr<ModelBackend> create(const ModelSpec &spec, QString *error, QString *detail);
    // A turn on the crops of its image; answers as ask() does.
    void askInTiles(const AskRequest &request, const std::vector<gc::Tile> &crops);

    BackendFactory m_factory;
    std::shared_ptr<Control> m_control;
    std::unique_ptr<ModelBackend> m_backend;
    ModelSpec m_spec; // the loaded backend's, to make more of it for a tiled turn (tiledask.h)
};
