#include "hubfilechoice.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <stdexcept>

namespace {

bool otherFramework(const QString &path)
{
    static const QRegularExpression re(
        QStringLiteral(R"((^|/)(onnx|openvino|coreml|tflite|flax|tf)/|\.(onnx|onnx_data|h5|msgpack|gguf|tflite|ot|mlmodel)$)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(path).hasMatch();
}

bool pytorchPickle(const QString &path)
{
    static const QRegularExpression re(QStringLiteral(R"(\.(bin|pt|pth|ckpt)$|^pytorch_model\.bin\.index\.json$)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(path).hasMatch();
}

} // namespace

QList<HubFile> chooseHubFiles(const HubRevision &revision)
{
    const bool hasSafetensors = std::any_of(revision.files.begin(), revision.files.end(), [](const HubFile &f) {
        return f.path.endsWith(QLatin1String(".safetensors"));
    });
    QList<HubFile> chosen;
    for (const HubFile &f : revision.files) {
        if (otherFramework(f.path) || (hasSafetensors && pytorchPickle(f.path)))
            continue;
        if (f.path == QLatin1String("config.json"))
            chosen.prepend(f);
        else
            chosen << f;
    }
    // by name after config.json: the order the per-file lists show
    std::sort(chosen.begin() + (chosen.isEmpty() ? 0 : 1), chosen.end(),
              [](const HubFile &a, const HubFile &b) { return a.path < b.path; });
    if (chosen.isEmpty() || chosen.first().path != QLatin1String("config.json"))
        throw std::runtime_error(
            QCoreApplication::translate("Hub", "%1 has no config.json: it is not a transformers model.").arg(revision.repoId).toStdString());
    return chosen;
}
