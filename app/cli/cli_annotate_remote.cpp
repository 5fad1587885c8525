// The batch annotator's remote answerer: RemoteBackend (the backend `ask --server` uses) on the calling thread.
#include "cli_annotate.h"

#include "args.h"
#include "dialects/registry.h"
#include "imagelimit.h"
#include "io/image_loader.h"
#include "remotebackend.h"

#include <QBuffer>
#include <QCoreApplication>

namespace gc::cli {

namespace {

class RemoteAnswerer : public Answerer {
public:
    RemoteAnswerer(const RemoteOptions &options, int maxNewTokens) : m_backend(options), m_maxNewTokens(maxNewTokens) {}

    void load()
    {
        QString error, detail;
        if (!m_backend.load([](double, const QString &) {}, [] { return false; }, &error, &detail))
            throw InputError(error.toStdString() + (detail.isEmpty() ? "" : " (" + detail.toStdString() + ")"));
    }

    std::string dialectId() const override { return m_backend.dialectId().toStdString(); }

    std::string ask(const std::string &imagePath, const io::RgbImage &, const std::string &prompt) override
    {
        AskRequest request;
        request.prompt = QString::fromStdString(prompt);
        request.generation.maxNewTokens = m_maxNewTokens > 0 ? m_maxNewTokens : 1024;
        QString error, detail;
        request.image = ImageLimit::read(QString::fromStdString(imagePath), gc::io::kDefaultMaxImagePixels, &error, &detail);
        if (request.image.isNull())
            throw std::runtime_error(imagePath + ": " + error.toStdString()
                                     + (detail.isEmpty() ? "" : " (" + detail.toStdString() + ")"));
        request.imageKey = QString::fromStdString(imagePath);
        std::string raw;
        AnswerStats stats;
        if (!m_backend.generate(request, [&](const std::string &piece) { raw += piece; }, [] { return false; }, &stats,
                                &error, &detail))
            throw std::runtime_error(error.toStdString() + (detail.isEmpty() ? "" : " (" + detail.toStdString() + ")"));
        return raw;
    }

private:
    RemoteBackend m_backend;
    int m_maxNewTokens;
};

} // namespace

std::unique_ptr<Answerer> makeRemoteAnswerer(const std::string &server, const std::string &model,
                                             const std::string &dialect, int maxNewTokens)
{
    // QtNetwork needs an application object; the CLI has none of its own
    static int qtArgc = 1;
    static char qtName[] = "groundchat-cli";
    static char *qtArgv[] = {qtName, nullptr};
    if (!QCoreApplication::instance())
        new QCoreApplication(qtArgc, qtArgv); // lives until exit, like the process's event loop
    const ModelSpec spec = ModelSpec::server(QString::fromStdString(server), QString::fromStdString(model),
                                             QString::fromStdString(dialect));
    RemoteOptions options;
    QString error;
    if (!RemoteOptions::fromSpec(spec, &options, &error))
        throw UsageError(error.toStdString());
    auto answerer = std::make_unique<RemoteAnswerer>(options, maxNewTokens);
    answerer->load();
    return answerer;
}

} // namespace gc::cli
