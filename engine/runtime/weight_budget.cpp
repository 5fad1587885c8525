#include "runtime/weight_budget.h"

#include "io/model_folder.h"
#include "quant/weight_format.h"
#include "runtime/architectures.h"

#include <algorithm>
#include <filesystem>

namespace gc::runtime {

namespace {

bool endsWith(const std::string &s, const std::string &tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool isTokenTable(const std::string &name)
{
    return endsWith(name, "shared.weight") || endsWith(name, "embed_tokens.weight");
}

// The tensors a loaded model holds in its weight format: every architecture packs its linear layers' matrices
// (nn::Linear through WeightStore::packed) and its output head, and keeps the rest as stored: embedding and
// position tables, convolution kernels (not matrices), norms and biases. A tied head packs the token table
// it shares (BART's `shared`, else the `embed_tokens` table). Token tables are looked up where they are mapped, in
// their stored type (WeightStore::table), so a table that only lookups read counts at its stored size, and one
// that is also the head counts as the head (packed, or in f32 widened), its mapped rows paged in as read. Every
// other tensor kept as it is counts as held (io::heldBytes: 16-bit ones in f32). test_weight_budget checks this
// against a load in every format, for every architecture's fixture stored in f32 and in 16 bits.
std::vector<std::string> formatMatrices(const io::SafeTensors &weights)
{
    bool untiedHead = false, hasShared = false;
    for (const auto &[name, t] : weights.tensors()) {
        untiedHead = untiedHead || endsWith(name, "lm_head.weight");
        hasShared = hasShared || endsWith(name, "shared.weight");
    }
    std::vector<std::string> out;
    for (const auto &[name, t] : weights.tensors()) {
        if (t.shape.size() != 2 || !endsWith(name, ".weight") || name.find("position") != std::string::npos ||
            name.find("pos_embed") != std::string::npos)
            continue;
        const bool tokens = endsWith(name, "embed_tokens.weight");
        if (isTokenTable(name) && (untiedHead || (tokens && hasShared)))
            continue;
        out.push_back(name);
    }
    return out;
}

void addFormats(const std::string &folderPath, WeightBudget &budget)
{
    if (!std::filesystem::is_directory(folderPath))
        throw io::MissingFileError(folderPath + ": no such folder");
    const io::ModelFolder folder = io::openModelFolder(folderPath);
    (void)findArchitecture(folder.config); // an architecture GroundChat does not run has no budget
    const io::SafeTensors weights = io::openWeights(folder);
    const std::vector<std::string> matrices = formatMatrices(weights);
    int64_t held = 0; // every tensor as the f32 format holds it (16-bit ones widened, lookup-only tables as stored)
    for (const auto &[name, t] : weights.tensors()) {
        const bool lookupOnly =
            isTokenTable(name) && std::find(matrices.begin(), matrices.end(), name) == matrices.end();
        held += static_cast<int64_t>(lookupOnly ? t.nbytes : io::heldBytes(t));
    }
    budget.formats.push_back({"f32", held});
    for (const quant::WeightFormat f :
         {quant::WeightFormat::BF16, quant::WeightFormat::F16, quant::WeightFormat::Q8, quant::WeightFormat::Q4}) {
        int64_t bytes = held;
        for (const std::string &name : matrices) {
            const io::TensorView *t = weights.find(name);
            bytes += quant::matrixBytes(f, t->shape[0], t->shape[1]) - static_cast<int64_t>(io::heldBytes(*t));
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
