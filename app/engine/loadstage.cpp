#include "loadstage.h"

#include "nn/matrix_packing.h"

#include <QObject>

QString loadStageText(const std::string &stage, const QString &weights)
{
    using gc::nn::MatrixPacking;
    if (stage == MatrixPacking::kQuantising)
        return QObject::tr("Quantising the weights to %1 (first load only)").arg(weights);
    if (stage == MatrixPacking::kFromCache)
        return QObject::tr("Reading the packed %1 weights").arg(weights);
    if (stage == MatrixPacking::kSaving)
        return QObject::tr("Saving the packed weights for the next load");
    if (stage == "config")
        return QObject::tr("Reading the configuration");
    if (stage == "tokenizer")
        return QObject::tr("Reading the tokenizer");
    if (stage == "weights")
        return QObject::tr("Opening the weights");
    if (stage == "vision")
        return QObject::tr("Building the vision tower");
    if (stage == "language model")
        return QObject::tr("Building the language model");
    if (stage == "model")
        return QObject::tr("Building the model");
    if (stage == "ready")
        return QObject::tr("Ready");
    return QObject::tr("Loading");
}
