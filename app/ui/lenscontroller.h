#pragma once

#include "enginecontroller.h"
#include "modelbackend.h"
#include "session.h"

#include <QObject>
#include <QPointer>
#include <QRectF>
#include <QStringList>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

// The logit lens and attention maps of an answer, for the lens panel and the canvas's heat map: asks the engine
// thread (EngineController::explain) for a turn's explanation, then turns it into one map of cells for the chosen
// mode (lens or attention), layer (or the mean over the layers), word and phrase, and exports it. A new word or
// phrase is asked again, and the engine answers it from the pass it kept of that answer (LocalModel::explain)
// without running the model; a new layer or mode is read from what came back.
class LensController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(EngineController *engine READ engine WRITE setEngine NOTIFY inputsChanged)
    Q_PROPERTY(Session *session READ session WRITE setSession NOTIFY inputsChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY stateChanged)
    Q_PROPERTY(bool available READ available NOTIFY mapChanged)
    Q_PROPERTY(int answerRow READ answerRow NOTIFY stateChanged)
    Q_PROPERTY(int layers READ layers NOTIFY mapChanged)
    // the layer shown, 0-based; -1: the mean over the layers. A new answer opens at the model's default layer
    // (Explanation::defaultLayer).
    Q_PROPERTY(int layer READ layer WRITE setLayer NOTIFY mapChanged)
    // "lens" or "attention"
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY mapChanged)
    Q_PROPERTY(QString word READ word WRITE setWord NOTIFY mapChanged)
    Q_PROPERTY(QString phrase READ phrase WRITE setPhrase NOTIFY mapChanged)
    Q_PROPERTY(int rows READ rows NOTIFY mapChanged)
    Q_PROPERTY(int cols READ cols NOTIFY mapChanged)
    Q_PROPERTY(QRectF area READ area NOTIFY mapChanged)          // image pixels the cells cover
    Q_PROPERTY(QList<qreal> values READ values NOTIFY mapChanged) // the map scaled to 0..1
    Q_PROPERTY(QStringList labels READ labels NOTIFY mapChanged)  // each cell's top token at the layer
    Q_PROPERTY(qreal low READ low NOTIFY mapChanged)              // what 0 and 1 of values stand for
    Q_PROPERTY(qreal high READ high NOTIFY mapChanged)
    // how the cells are made of the model's image positions (runtime::cellSourceName): "patches", "resampler"
    // (latents composed through the resampler's attention) or "grid" (latent i read as cell i)
    Q_PROPERTY(QString cellSource READ cellSource NOTIFY mapChanged)
    Q_PROPERTY(QStringList phrases READ phrases NOTIFY stateChanged) // the grounded phrases of the answer

public:
    explicit LensController(QObject *parent = nullptr);

    // Asks for the explanation of the answer in row `row` of the current image's messages (its turn being the
    // row before); false (error says why) when there is no such answer or no model.
    Q_INVOKABLE bool explainAnswer(int row);
    // The same for the current image's latest answer.
    Q_INVOKABLE bool explainLatest();
    Q_INVOKABLE void clear();
    // The image with the map drawn over it, or the map as float32 [rows, cols]; false with error set.
    Q_INVOKABLE bool exportPng(const QUrl &file, qreal opacity, const QString &colorMap);
    Q_INVOKABLE bool exportNpy(const QUrl &file);
    // VL-SAM on the map shown (SessionMasks::segmentFromMap): a mask linked to what the map is of in the
    // answer, the word in lens mode (else the phrase), the phrase in attention mode; false with error set.
    Q_INVOKABLE bool segment();

    [[nodiscard]] EngineController *engine() const { return m_engine; }
    void setEngine(EngineController *engine)
    {
        m_engine = engine;
        emit inputsChanged();
    }
    [[nodiscard]] Session *session() const { return m_session; }
    // The map belongs to one answer about one image: another image (or another session) clears it.
    void setSession(Session *session);
    [[nodiscard]] bool busy() const { return m_request != 0; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] bool available() const { return m_e.layers > 0; }
    [[nodiscard]] int answerRow() const { return m_row; }
    [[nodiscard]] int layers() const { return int(m_e.layers); }
    [[nodiscard]] int layer() const { return m_layer; }
    void setLayer(int layer);
    [[nodiscard]] QString mode() const { return m_mode; }
    void setMode(const QString &mode);
    [[nodiscard]] QString word() const { return m_word; }
    void setWord(const QString &word);
    [[nodiscard]] QString phrase() const { return m_phrase; }
    void setPhrase(const QString &phrase);
    [[nodiscard]] int rows() const { return int(m_e.rows); }
    [[nodiscard]] int cols() const { return int(m_e.cols); }
    [[nodiscard]] QRectF area() const;
    [[nodiscard]] QList<qreal> values() const { return m_values; }
    [[nodiscard]] QStringList labels() const { return m_labels; }
    [[nodiscard]] qreal low() const { return m_low; }
    [[nodiscard]] qreal high() const { return m_high; }
    [[nodiscard]] QString cellSource() const { return QString::fromLatin1(gc::runtime::cellSourceName(m_e.cellSource)); }
    [[nodiscard]] QStringList phrases() const { return m_phrases; }

signals:
    void inputsChanged();
    void stateChanged();
    void mapChanged();

private:
    void request();
    void rebuild();
    void fail(const QString &error);
    void connectEngine();

    QPointer<EngineController> m_engine;
    QPointer<Session> m_session;
    QPointer<EngineController> m_connected;
    quint64 m_request = 0;
    int m_row = -1;
    ExplainRequest m_asked; // the turn of m_row, without word or phrase
    gc::runtime::Explanation m_e;
    QString m_error;
    int m_layer = -1;
    bool m_layerChosen = false; // a layer set since the answer was asked about: kept over the default layer
    QString m_mode = QStringLiteral("lens");
    QString m_word, m_phrase;
    QList<qreal> m_values;
    std::vector<float> m_cells; // the map before scaling
    QStringList m_labels;
    QStringList m_phrases;
    qreal m_low = 0, m_high = 0;
};
