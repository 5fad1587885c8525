#include "cli_models.h"

#include "args.h"
#include "cli_weights.h"
#include "hubcatalogue.h"
#include "hubpull.h"
#include "hubsnapshots.h"
#include "io/hf_cache.h"
#include "modelfolders.h"
#include "runtime/architecture_check.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace gc::cli {

namespace {

QString cacheDir()
{
    return HubPullOptions().effectiveCacheDir();
}

std::string architectureOf(const QByteArray &config)
{
    return QJsonDocument::fromJson(config).object().value(QLatin1String("model_type")).toString().toStdString();
}

bool runnable(const QByteArray &config)
{
    return runtime::unsupportedArchitecture(config.toStdString()).empty();
}

std::string megabytes(qint64 bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", double(bytes) / 1e6);
    return text;
}

int list(const Args &args)
{
    nameLikeTheApp();
    const QList<HubSnapshot> onDisk = findModelSnapshots(cacheDir());
    nlohmann::json out = nlohmann::json::array();
    for (const HubCatalogueEntry &e : hubCatalogue()) {
        const bool present = std::any_of(onDisk.begin(), onDisk.end(), [&](const HubSnapshot &s) {
            return s.repoId == e.repoId && runnable(s.config);
        });
        nlohmann::json weights = nlohmann::json::array();
        for (const HubCatalogueEntry::Weights &w : e.weights)
            weights.push_back({{"format", w.format.toStdString()}, {"bytes", w.bytes}});
        out.push_back({{"repo", e.repoId.toStdString()}, {"architecture", e.architecture.toStdString()},
                       {"parameters", e.parameters}, {"licence", e.licence.toStdString()},
                       {"abilities", e.abilities.toStdString()}, {"weights", weights}, {"onDisk", present}});
    }
    if (args.has("json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    for (const auto &m : out) {
        std::string sizes;
        for (const auto &w : m["weights"])
            sizes += (sizes.empty() ? "" : ", ") + w["format"].get<std::string>() + " ~" + // approximate
                     megabytes(w["bytes"].get<qint64>());
        std::printf("%-34s %-11s %5.2fB  %-14s %-22s %s\n  %s\n", m["repo"].get<std::string>().c_str(),
                    m["architecture"].get<std::string>().c_str(), double(m["parameters"].get<qint64>()) / 1e9,
                    m["licence"].get<std::string>().c_str(), sizes.c_str(), m["onDisk"].get<bool>() ? "on disk" : "",
                    m["abilities"].get<std::string>().c_str());
    }
    return 0;
}

int ls(const Args &args)
{
    nameLikeTheApp();
    nlohmann::json out = nlohmann::json::array();
    for (const HubSnapshot &s : findModelSnapshots(cacheDir())) {
        if (!runnable(s.config))
            continue;
        nlohmann::json refs = nlohmann::json::array(), files = nlohmann::json::array();
        for (const QString &r : s.refs)
            refs.push_back(r.toStdString());
        for (const SnapshotFile &f : s.files)
            files.push_back({{"name", f.path.toStdString()}, {"bytes", f.bytes}});
        out.push_back({{"repo", s.repoId.toStdString()}, {"commit", s.commit.toStdString()}, {"refs", refs},
                       {"architecture", architectureOf(s.config)}, {"bytes", s.bytes},
                       {"folder", s.folder.toStdString()}, {"files", files}});
    }
    if (args.has("json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    for (const auto &s : out) {
        std::printf("%-34s %-12.12s %-10s %10s  %s\n", s["repo"].get<std::string>().c_str(),
                    s["commit"].get<std::string>().c_str(), s["architecture"].get<std::string>().c_str(),
                    megabytes(s["bytes"].get<qint64>()).c_str(), s["folder"].get<std::string>().c_str());
        if (args.has("files"))
            for (const auto &f : s["files"])
                std::printf("    %-50s %10s\n", f["name"].get<std::string>().c_str(),
                            megabytes(f["bytes"].get<qint64>()).c_str());
    }
    return 0;
}

int add(const std::string &folder)
{
    nameLikeTheApp();
    QFile config(QString::fromStdString(folder) + QLatin1String("/config.json"));
    if (!config.open(QIODevice::ReadOnly))
        throw InputError(folder + " has no config.json: it is not a model folder");
    if (const std::string why = runtime::unsupportedArchitecture(config.readAll().toStdString()); !why.empty())
        throw InputError(folder + ": " + why);
    rememberModelFolder(QString::fromStdString(folder));
    std::printf("%s\n", QFileInfo(QString::fromStdString(folder)).absoluteFilePath().toStdString().c_str());
    return 0;
}

int pull(const std::string &repoId, const Args &args)
{
    static int qtArgc = 1;
    static char qtName[] = "groundchat-cli";
    static char *qtArgv[] = {qtName, nullptr};
    QCoreApplication app(qtArgc, qtArgv);

    HubPullOptions options;
    options.repoId = QString::fromStdString(repoId);
    if (const auto v = args.value("revision"))
        options.revision = QString::fromStdString(*v);
    if (const auto v = args.value("dir"))
        options.folder = QString::fromStdString(*v);
    if (const auto v = args.value("endpoint"))
        options.endpoint = QString::fromStdString(*v);
    if (const auto v = args.value("token"))
        options.token = QString::fromStdString(*v);
    if (const auto v = args.value("concurrency"))
        options.concurrency = int(parseInteger("concurrency", *v, 1, 16));
    if (const auto v = args.value("retry-delay"))
        options.backoffMs = int(parseReal("retry-delay", *v, 0.001, 600) * 1000);
    HubPull hub(options, [](const QByteArray &config) {
        return QString::fromStdString(runtime::unsupportedArchitecture(config.toStdString()));
    });
    QElapsedTimer sinceReport;
    QObject::connect(&hub, &HubPull::listed, [&] {
        std::fprintf(stderr, "groundchat-cli: %s at %s: %d file(s), %s\n", repoId.c_str(),
                     hub.revision().commit.toStdString().c_str(), hub.fileCount(), megabytes(hub.totalBytes()).c_str());
        std::vector<const HubFile *> files;
        for (int i = 0; i < hub.fileCount(); ++i)
            files.push_back(&hub.file(i));
        std::sort(files.begin(), files.end(), [](const HubFile *a, const HubFile *b) { return a->path < b->path; });
        for (const HubFile *f : files)
            std::fprintf(stderr, "groundchat-cli:   %-50s %10s\n", f->path.toStdString().c_str(), megabytes(f->size).c_str());
        sinceReport.start();
    });
    QObject::connect(&hub, &HubPull::fileFinished, [&](int i) {
        std::fprintf(stderr, "groundchat-cli: %s ok\n", hub.file(i).path.toStdString().c_str());
    });
    QObject::connect(&hub, &HubPull::progressed, [&] {
        if (sinceReport.elapsed() < 1000)
            return;
        sinceReport.restart();
        std::fprintf(stderr, "groundchat-cli: %s of %s\n", megabytes(hub.doneBytes()).c_str(),
                     megabytes(hub.totalBytes()).c_str());
    });
    QEventLoop loop;
    QObject::connect(&hub, &HubPull::ended, &loop, &QEventLoop::quit);
    hub.start();
    loop.exec();
    if (hub.state() != HubPull::State::Finished)
        throw InputError(hub.error().toStdString());
    if (!options.folder.isEmpty()) {
        nameLikeTheApp(); // the folder is remembered in the app's settings, for models ls and the app's picker
        rememberModelFolder(hub.modelFolder(), options.repoId, hub.revision().commit);
    }
    std::printf("%s\n", hub.modelFolder().toStdString().c_str());
    return 0;
}

} // namespace

std::string cachedModelFolder(const std::string &value)
{
    std::error_code ec;
    if (value.empty() || std::filesystem::exists(value, ec) || std::count(value.begin(), value.end(), '/') != 1)
        return value;
    const std::string snapshot = io::hfSnapshotFolder(cacheDir().toStdString(), value);
    return snapshot.empty() ? value : snapshot;
}

int runModels(const std::vector<std::string> &argv)
{
    if (argv.empty())
        throw UsageError("models takes list, pull, ls, add or rm");
    const std::string what = argv[0];
    std::vector<std::string> rest(argv.begin() + 1, argv.end());
    std::string repoId;
    if ((what == "pull" || what == "rm") && !rest.empty() && rest[0].rfind("--", 0) != 0) {
        repoId = rest[0];
        rest.erase(rest.begin());
    }
    if (what == "list")
        return list(Args(rest, {}, {"json"}));
    if (what == "ls")
        return ls(Args(rest, {}, {"json", "files"}));
    if (what == "add") {
        if (rest.empty() || rest[0].rfind("--", 0) == 0)
            throw UsageError("models add needs a model folder");
        (void)Args({rest.begin() + 1, rest.end()}, {}, {});
        return add(rest[0]);
    }
    if (repoId.empty() || repoId.find('/') == std::string::npos)
        throw UsageError("models " + what + " needs a repository id such as microsoft/Florence-2-base");
    if (what == "pull")
        return pull(repoId, Args(rest, {"revision", "dir", "endpoint", "token", "concurrency", "retry-delay"}, {}));
    if (what == "rm") {
        (void)Args(rest, {}, {});
        QString error;
        if (!removeHubRepo(cacheDir(), QString::fromStdString(repoId), &error))
            throw InputError(error.toStdString());
        std::printf("removed %s from %s\n", repoId.c_str(), cacheDir().toStdString().c_str());
        return 0;
    }
    throw UsageError("models takes list, pull, ls, add or rm");
}

} // namespace gc::cli
