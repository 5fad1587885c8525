#include "runtime/weight_budget.h"

#include "io/model_folder.h"
#include "nn/kosmos2/format_matrices.h"
#include "quant/weight_format.h"
#include "runtime/architectures.h"

#include <filesystem>
#include <map>

namespace gc::runtime {

namespace {

using FormatMatrices = std::vector<std::string> (*)(const nlohmann::json &config, const io::SafeTensors &weights);

// By the architecture table's names: the architectures whose linear layers take the weight format
// (LoadContext::weights). Florence-2's WeightStore holds every tensor as stored (issue 19): not listed.
const std::map<std::string, FormatMatrices> &formatMatrices()
{
    static const std::map<std::string, FormatMatrices> table{{"kosmos-2", &nn::kosmos2::formatMatrices}};
    return table;
}

void addFormats(const std::string &folderPath, WeightBudget &budget)
{
    if (!std::filesystem::is_directory(folderPath))
        throw io::MissingFileError(folderPath + ": no such folder");
    const io::ModelFolder folder = io::openModelFolder(folderPath);
    const ArchitectureEntry &entry = findArchitecture(folder.config);
    const io::SafeTensors weights = io::openWeights(folder);
    const int64_t stored = static_cast<int64_t>(weights.totalBytes());
    budget.formats.push_back({"f32", stored});
    const auto matricesOf = formatMatrices().find(entry.name);
    if (matricesOf == formatMatrices().end())
        return;
    const std::vector<std::string> matrices = matricesOf->second(folder.config, weights);
    for (const quant::WeightFormat f :
         {quant::WeightFormat::BF16, quant::WeightFormat::F16, quant::WeightFormat::Q8, quant::WeightFormat::Q4}) {
        int64_t bytes = stored;
        for (const std::string &name : matrices) {
            const io::TensorView *t = weights.find(name);
            if (!t || t->shape.size() != 2)
                throw io::FormatError("checkpoint: '" + name + "' is not a matrix");
            bytes += quant::matrixBytes(f, t->shape[0], t->shape[1]) - static_cast<int64_t>(t->nbytes);
        }
        budget.formats.push_back({std::string(quant::weightFormatName(f)), bytes});
    }
}

} // namespace

WeightBudget weightBudget(const std::string &folder)
{
    WeightBudget budget;
    try {
        addFormats(folder, budget);
        return budget;
    } catch (const io::MissingFileError &e) {
        budget.status = {StatusCode::NotFound, e.what()};
    } catch (const io::FormatError &e) {
        budget.status = {StatusCode::BadModel, e.what()};
    } catch (const UnsupportedError &e) {
        budget.status = {StatusCode::Unsupported, e.what()};
    } catch (const std::exception &e) {
        budget.status = {StatusCode::Internal, e.what()};
    }
    budget.formats.clear();
    return budget;
}

} // namespace gc::runtime
