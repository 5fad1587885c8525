// The small weight formats on the Kosmos-2 fixture: every layer's output in bf16, f16, q8 and q4 against the
// reference's float32 one (relative Frobenius error, the bounds), each layer alone and the whole pass,
// through both kernel paths: the prompt (many rows: widened weights and GEMM) and decode steps (one row: the
// format's gemv kernel).

#include "golden_util.h"

#include "io/model_folder.h"
#include "nn/kosmos2/decode_state.h"
#include "nn/clip_vision.h"
#include "nn/kosmos2/model.h"
#include "nn/positions.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>

using namespace golden;
namespace k2 = gc::nn::kosmos2;
using gc::quant::WeightFormat;

namespace {

double relError(const at::Tensor &a, const at::Tensor &ref)
{
    return (a - ref).norm().item<double>() / ref.norm().item<double>();
}

k2::Model modelIn(WeightFormat f)
{
    const gc::io::ModelFolder folder = gc::io::openModelFolder(fixture());
    return k2::Model(k2::parseConfig(folder.config, "config.json"),
                     gc::nn::WeightStore(gc::io::SafeTensors::openFile(folder.weightsFile), at::kCPU, f));
}

struct Bound {
    WeightFormat format;
    double relative;
};
const Bound kBounds[] = {{WeightFormat::BF16, 0.005}, {WeightFormat::F16, 0.005}, {WeightFormat::Q8, 0.01},
                         {WeightFormat::Q4, 0.12}};

// Each layer fed the reference's f32 input, so that the error is its own weights' and not what earlier layers
// pass on: the vision layers', then the text layers' relative errors.
std::vector<double> layerErrorsAlone(const k2::Model &m, const char *name)
{
    const at::Tensor am = npy("attention_mask");
    const at::Tensor valid = am.to(at::kBool).unsqueeze(-1);
    const at::Tensor refV = npy("vision_hidden_states"), refT = npy("text_hidden_states");
    std::vector<double> errors;
    const gc::nn::ClipVisionTower &tower = m.visionTower();
    for (size_t i = 0; i < tower.layerCount(); ++i) {
        errors.push_back(relError(tower.layer(i, refV[int64_t(i)]), refV[int64_t(i + 1)]));
        std::printf("%s vision layer %zu alone: %.4f%%\n", name, i + 1, 100 * errors.back());
    }
    const size_t n = m.textLayerCount();
    for (size_t i = 0; i < n; ++i) {
        at::Tensor out = m.textLayer(i, refT[int64_t(i)], am);
        if (i + 1 == n) // the reference's last hidden state is taken after the final LayerNorm
            out = m.finalLayerNorm(out);
        errors.push_back(relError(out.masked_select(valid), refT[int64_t(i + 1)].masked_select(valid)));
        std::printf("%s text layer %zu alone: %.4f%%\n", name, i + 1, 100 * errors.back());
    }
    return errors;
}

// Resident kilobytes of the mapping that holds `addr` (its "Rss:" line in /proc/self/smaps).
long mappingRssKb(const void *addr)
{
    std::ifstream smaps("/proc/self/smaps");
    const auto a = reinterpret_cast<uintptr_t>(addr);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        uintptr_t lo = 0, hi = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
            inside = lo <= a && a < hi;
            continue;
        }
        if (inside && line.rfind("Rss:", 0) == 0)
            return std::stol(line.substr(4));
    }
    return -1;
}

double sumOfFirst(const std::vector<double> &v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n && i < v.size(); ++i)
        s += v[i];
    return s;
}

} // namespace

// The "per-layer outputs of each format against f32": each layer alone, within the format's bound.
TEST(WeightFormats, EveryLayerStaysNearFloat32)
{
    for (const Bound &b : kBounds) {
        SCOPED_TRACE(std::string(gc::quant::weightFormatName(b.format)));
        k2::Model m = modelIn(b.format);
        EXPECT_LT(m.weights().residentBytes(), modelIn(WeightFormat::F32).weights().residentBytes());
        const std::vector<double> errors = layerErrorsAlone(m, gc::quant::weightFormatName(b.format).data());
        for (size_t i = 0; i < errors.size(); ++i) {
            EXPECT_LE(errors[i], b.relative) << "layer " << i;
            EXPECT_GT(errors[i], 0.0) << "layer " << i << " is not computed in the format";
        }
    }
}

// The whole pass in the format, each layer on the previous one's output: what a user sees. The layers' own
// errors add up along the pass (they are reported, not bounded by the per-layer figure), but they must not
// compound beyond their sum: no layer may amplify what it is given.
TEST(WeightFormats, WholePassErrorsAddUpWithoutCompounding)
{
    const at::Tensor ids = npy("input_ids"), am = npy("attention_mask"), iepm = npy("image_embeds_position_mask");
    const at::Tensor valid = am.to(at::kBool).unsqueeze(-1);
    const at::Tensor refV = npy("vision_hidden_states"), refT = npy("text_hidden_states");
    for (const Bound &b : kBounds) {
        SCOPED_TRACE(std::string(gc::quant::weightFormatName(b.format)));
        const char *name = gc::quant::weightFormatName(b.format).data();
        k2::Model m = modelIn(b.format);
        const std::vector<double> alone = layerErrorsAlone(m, name);
        const k2::VisionOutput v = m.encodeImage(npy("pixel_values"), true);
        const size_t visionLayers = v.hiddenStates.size() - 1;
        for (size_t i = 1; i <= visionLayers; ++i) {
            const double e = relError(v.hiddenStates[i], refV[int64_t(i)]);
            std::printf("%s vision layer %zu accumulated: %.4f%%\n", name, i, 100 * e);
            EXPECT_LE(e, sumOfFirst(alone, i)) << "vision layer " << i;
        }
        std::vector<at::Tensor> hidden;
        m.forwardText(ids, gc::nn::xlmrPositions(ids, 1), am, v.imageEmbeds, iepm, nullptr, false, &hidden);
        for (size_t i = 1; i < hidden.size(); ++i) {
            const double e = relError(hidden[i].masked_select(valid), refT[int64_t(i)].masked_select(valid));
            std::printf("%s text layer %zu accumulated: %.4f%%\n", name, i, 100 * e);
            EXPECT_LE(e, sumOfFirst(alone, visionLayers + i)) << "text layer " << i;
        }
    }
}

TEST(WeightFormats, DecodeStepsStayNearFloat32)
{
    // One cached step at a time: one row per layer, the gemv kernels' path (inputs quantised too for q8/q4).
    // The logits carry every layer's error, so their bound is the sum of the layers' own ones, as above.
    const at::Tensor ids = npy("input_ids"), am = npy("attention_mask"), iepm = npy("image_embeds_position_mask");
    k2::Model ref = modelIn(WeightFormat::F32);
    for (const Bound &b : kBounds) {
        SCOPED_TRACE(std::string(gc::quant::weightFormatName(b.format)));
        k2::Model m = modelIn(b.format);
        const std::vector<double> alone = layerErrorsAlone(m, gc::quant::weightFormatName(b.format).data());
        const double bound = sumOfFirst(alone, alone.size());
        k2::DecodeState sf(ref), sq(m);
        at::Tensor lf = sf.prefillTensors(ids, am, ref.encodeImage(npy("pixel_values")).imageEmbeds, iepm, 6, false, {});
        at::Tensor lq = sq.prefillTensors(ids, am, m.encodeImage(npy("pixel_values")).imageEmbeds, iepm, 6, false, {});
        for (int step = 0; step < 5; ++step) {
            const std::vector<int64_t> next = toVector(lf.argmax(-1).reshape({-1})); // both follow the f32 choice
            lf = sf.step(next);
            lq = sq.step(next);
            const double e = relError(lq, lf);
            std::printf("%s decode step %d logits: %.4f%%\n", gc::quant::weightFormatName(b.format).data(), step, 100 * e);
            EXPECT_LE(e, bound) << "step " << step;
        }
    }
}

// The output layer (tied: the embedding table, the model's largest matrix, read whole by every token) is held in
// the format too: its logits, from the reference's final hidden states, within the format's bound through both
// paths (all prompt rows, and one row as a decode step reads it), and not the f32 ones.
TEST(WeightFormats, OutputLayerIsComputedInTheFormat)
{
    const at::Tensor refT = npy("text_hidden_states");
    const at::Tensor finalHidden = refT[refT.size(0) - 1]; // [1, L, D], after the final LayerNorm
    const k2::Model ref = modelIn(WeightFormat::F32);
    ASSERT_FALSE(ref.untiedLmHead());
    for (const Bound &b : kBounds) {
        SCOPED_TRACE(std::string(gc::quant::weightFormatName(b.format)));
        const k2::Model m = modelIn(b.format);
        for (const at::Tensor &x : {finalHidden, finalHidden.narrow(1, finalHidden.size(1) - 1, 1)}) {
            const double e = relError(m.lmHead(x), ref.lmHead(x));
            std::printf("%s output layer, %lld rows: %.4f%%\n", gc::quant::weightFormatName(b.format).data(),
                        static_cast<long long>(x.size(1)), 100 * e);
            EXPECT_LE(e, b.relative);
            EXPECT_GT(e, 0.0) << "the output layer is not computed in the format";
        }
    }
}

// What the model says it holds and what a token reads count each matrix once, in its format: the packed output
// layer in place of the f32 table (whose lookup rows are a token's only f32 read of it).
TEST(WeightFormats, PackedOutputLayerIsCountedOnce)
{
    for (WeightFormat f : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::Q8, WeightFormat::Q4}) {
        SCOPED_TRACE(std::string(gc::quant::weightFormatName(f)));
        const k2::Model m = modelIn(f);
        const gc::io::SafeTensors &file = m.weights().file();
        // Every 2-D tensor but the latent queries and the vision positions is a product's weight matrix.
        const auto isMatrix = [](const gc::io::TensorView &t) {
            return t.shape.size() == 2 && t.name.find("latent_query") == std::string::npos &&
                   t.name.find("position_embedding") == std::string::npos;
        };
        const auto held = [&](const gc::io::TensorView &t) {
            return isMatrix(t) ? gc::quant::matrixBytes(f, t.shape[0], t.shape[1]) : int64_t(t.nbytes);
        };
        int64_t resident = 0, perToken = 0;
        for (const auto &[name, t] : file.tensors()) {
            resident += held(t);
            if (name.rfind("text_model.model.layers.", 0) == 0 || name.rfind("text_model.model.layer_norm.", 0) == 0)
                perToken += held(t);
        }
        const gc::io::TensorView &table = *file.find("text_model.model.embed_tokens.weight");
        perToken += held(table) + int64_t(table.nbytes) / table.shape[0]; // the output layer, one looked-up row
        EXPECT_EQ(m.weights().residentBytes(), resident);
        EXPECT_EQ(m.decodeBytesPerToken(), perToken);
    }
}

// Once packed, a matrix's f32 pages in the map are given back: they would otherwise stay resident beside the
// packed copy and count twice toward peak memory.
TEST(WeightFormats, PackingDropsTheMatrixPagesFromTheMap)
{
    gc::io::SafeTensors file = gc::io::SafeTensors::openFile(gc::io::openModelFolder(fixture()).weightsFile);
    const gc::io::TensorView *largest = nullptr;
    for (const auto &[name, t] : file.tensors())
        if (t.shape.size() == 2 && t.dtype == gc::io::DType::F32 && (!largest || t.nbytes > largest->nbytes))
            largest = &t;
    ASSERT_NE(largest, nullptr);
    const gc::io::TensorView t = *largest; // the view stays valid: the store keeps the mapping alive
    volatile float sink = 0;
    for (size_t i = 0; i < t.nbytes / 4; i += 256) // touch every page
        sink = sink + static_cast<const float *>(t.data)[i];
    const long before = mappingRssKb(t.data);
    const long pages = long(t.nbytes / 4096) - 1; // whole pages inside the tensor, at least
    ASSERT_GT(pages, 4) << t.name;
    gc::nn::WeightStore store(std::move(file), at::kCPU, WeightFormat::Q8);
    ASSERT_NE(store.packed(t.name), nullptr);
    const long after = mappingRssKb(t.data);
    std::printf("%s (%zu bytes): mapping resident %ld kB before packing, %ld kB after\n", t.name.c_str(), t.nbytes,
                before, after);
    EXPECT_LE(after, before - (pages - 1) * 4);
}
