#pragma once

#include "modelbackend.h"

#include "runtime/local_model.h"

#include <memory>

// The settings as the runtime's options, each of them given, as the CLI's --temperature, --top-p, --top-k
// and --seed are (the app's temperature 0 is greedy, its top-k 0 is off, as theirs): the runtime's rule
// (runtime/sampling_rule.h) decides whether that samples, for both alike. A token limit of 0 is not given:
// the model's own applies.
[[nodiscard]] gc::runtime::GenerationParams generationParams(const GenerationSettings &settings);

// A Hugging Face model folder run in-process by the engine's libtorch runtime (Kosmos-2 today). Each
// request carries its conversation, so any turn can be asked again; the runtime reuses what it can.
class LocalBackend : public ModelBackend
{
public:
    explicit LocalBackend(ModelSpec spec);
    ~LocalBackend() override;

    [[nodiscard]] QString displayName() const override { return m_name; }
    [[nodiscard]] QString dialectId() const override { return m_dialect; }
    [[nodiscard]] QStringList knownTasks() const override { return m_tasks; }
    [[nodiscard]] bool multiTurn() const override { return m_multiTurn; }
    [[nodiscard]] qint64 weightBytes() const override { return m_weightBytes; }
    // The architecture's preprocessing: Kosmos-2 resizes every image to its processor's square.
    [[nodiscard]] InputFrame inputFrame() const override;
    [[nodiscard]] int inputSide() const override { return m_inputSide; }
    bool load(const Progress &progress, const ShouldAbort &abort, QString *error, QString *detail) override;
    bool generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort, AnswerStats *stats,
                  QString *error, QString *detail) override;
    bool explain(const ExplainRequest &request, const ShouldAbort &abort, gc::runtime::Explanation *out,
                 QString *error, QString *detail) override;

private:
    ModelSpec m_spec;
    std::unique_ptr<gc::runtime::LocalModel> m_model;
    QString m_name;
    QString m_dialect;
    QStringList m_tasks;
    bool m_multiTurn = false;
    qint64 m_weightBytes = 0;
    gc::runtime::InputFrame m_inputFrame;
    int m_inputSide = 0;
};
