// The only translation unit of gc_segment that sees libtorch: torch headers come first (Qt's `slots`
// macro must never precede them) and nothing torch-typed leaves this file.
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/script.h>

#include "segment/sam_model.h"

#include "io/image_hash.h"
#include "segment/cv_bridge.h"
#include "quant/thread_count.h"
#include "segment/mask_refine.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <list>

namespace gc::seg {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Label values of EfficientSAM's prompt encoder.
constexpr int64_t kNegative = 0, kPositive = 1, kBoxTopLeft = 2, kBoxBottomRight = 3;

struct ImageState {
    uint64_t hash = 0;
    int width = 0, height = 0;        // original image
    int inputWidth = 0, inputHeight = 0; // what the encoder saw (after the optional downscale)
    at::Tensor embedding;              // split models
    at::Tensor input;                  // forward-only models: the image tensor itself
};

class SamSegmenter final : public Segmenter {
public:
    SamSegmenter(torch::jit::script::Module module, bool split, int maxPoints, const SamOptions &options)
        : m_module(std::move(module)), m_split(split), m_maxPoints(maxPoints), m_options(options)
    {
    }

    std::string name() const override { return m_split ? "sam" : "sam (forward only)"; }

    std::string setImage(const io::RgbImage &image) override
    {
        if (std::string err = validateImage(image); !err.empty())
            return err;
        const uint64_t h = io::imageHash(image);
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it)
            if (it->hash == h && it->width == image.width && it->height == image.height) {
                m_cache.splice(m_cache.begin(), m_cache, it);
                ++m_stats.cacheHits;
                m_pendingEncodeMs = -1;
                return {};
            }
        try {
            c10::InferenceMode guard;
            const auto t0 = Clock::now();
            ImageState st = prepare(image);
            if (m_split) {
                st.embedding = m_module.get_method("get_image_embeddings")({st.input}).toTensor();
                st.input = at::Tensor(); // the embedding is all the decoder needs
                ++m_stats.encoderCalls;
            }
            m_pendingEncodeMs = msSince(t0);
            m_cache.push_front(std::move(st));
            while (int(m_cache.size()) > std::max(1, m_options.cacheImages))
                m_cache.pop_back();
        } catch (const std::exception &e) {
            return std::string("image encoder failed: ") + e.what();
        }
        return {};
    }

    SegmentResult segment(const Prompts &prompts) override
    {
        SegmentResult r;
        if (m_cache.empty()) {
            r.error = "no image set";
            return r;
        }
        if (prompts.empty()) {
            r.error = "no box or point given";
            return r;
        }
        const ImageState &st = m_cache.front();
        r.embeddingCached = m_split && m_pendingEncodeMs < 0;
        r.encodeMs = std::max(0.0, m_pendingEncodeMs);
        m_pendingEncodeMs = -1;
        const auto t0 = Clock::now();
        try {
            c10::InferenceMode guard;
            decode(st, prompts, r);
        } catch (const std::exception &e) {
            r.masks.clear();
            r.error = std::string("mask decoder failed: ") + e.what();
        }
        r.decodeMs = msSince(t0);
        ++m_stats.decoderCalls;
        return r;
    }

    SegmenterStats stats() const override { return m_stats; }
    void clearCache() override { m_cache.clear(); }

private:
    ImageState prepare(const io::RgbImage &image) const
    {
        ImageState st;
        st.hash = io::imageHash(image);
        st.width = image.width;
        st.height = image.height;
        cv::Mat rgb = detail::rgbView(image);
        const int longest = std::max(image.width, image.height);
        if (m_options.maxInputSide > 0 && longest > m_options.maxInputSide) {
            // The model's own bilinear resize does not antialias; an area filter first keeps fine detail
            // from aliasing on large photos.
            const double s = double(m_options.maxInputSide) / longest;
            cv::Mat small;
            cv::resize(rgb, small, cv::Size(std::max(1, int(std::lround(image.width * s))),
                                            std::max(1, int(std::lround(image.height * s)))),
                       0, 0, cv::INTER_AREA);
            rgb = small;
        } else {
            rgb = rgb.clone(); // from_blob below must not outlive the caller's buffer
        }
        st.inputWidth = rgb.cols;
        st.inputHeight = rgb.rows;
        st.input = torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kUInt8)
                       .permute({2, 0, 1})
                       .to(torch::kFloat)
                       .div_(255.0)
                       .unsqueeze(0)
                       .contiguous();
        return st;
    }

    void decode(const ImageState &st, const Prompts &prompts, SegmentResult &r)
    {
        const double sx = double(st.inputWidth) / st.width, sy = double(st.inputHeight) / st.height;
        std::vector<float> coords;
        std::vector<int64_t> labels;
        const auto add = [&](const PointF &p, int64_t label) {
            coords.push_back(float(std::clamp(p.x, 0.0, double(st.width)) * sx));
            coords.push_back(float(std::clamp(p.y, 0.0, double(st.height)) * sy));
            labels.push_back(label);
        };
        if (prompts.box) {
            const Box b = prompts.box->ordered();
            add({b.x1, b.y1}, kBoxTopLeft);
            add({b.x2, b.y2}, kBoxBottomRight);
        }
        // The decoder takes a fixed number of prompt points and truncates the rest; keep the box and the
        // most recent clicks, which are the ones the user is refining with.
        size_t first = 0;
        if (m_maxPoints > 0) {
            const size_t room = size_t(std::max(0, m_maxPoints - int(labels.size())));
            if (prompts.points.size() > room)
                first = prompts.points.size() - room;
        }
        for (size_t i = first; i < prompts.points.size(); ++i)
            add(prompts.points[i].point, prompts.points[i].positive ? kPositive : kNegative);

        const int64_t n = int64_t(labels.size());
        const at::Tensor pts = torch::from_blob(coords.data(), {1, 1, n, 2}, torch::kFloat).clone();
        const at::Tensor lab = torch::from_blob(labels.data(), {1, 1, n}, torch::kLong).clone();
        c10::IValue out;
        if (m_split) {
            out = m_module.get_method("predict_masks")({st.embedding, pts, lab, m_options.multimask,
                                                        int64_t(st.inputHeight), int64_t(st.inputWidth),
                                                        int64_t(-1), int64_t(-1)});
        } else {
            out = m_module.forward({st.input, pts, lab});
            ++m_stats.encoderCalls; // forward() runs the whole model every time
        }
        const auto tuple = out.toTuple();
        if (tuple->elements().size() < 2)
            throw std::runtime_error("the model must return (mask logits, iou predictions)");
        at::Tensor logits = tuple->elements()[0].toTensor().to(torch::kFloat).contiguous();
        at::Tensor iou = tuple->elements()[1].toTensor().to(torch::kFloat).contiguous();
        if (logits.dim() < 3)
            throw std::runtime_error("mask logits must be at least [M, h, w]");
        const int64_t h = logits.size(-2), w = logits.size(-1);
        logits = logits.reshape({-1, h, w});
        iou = iou.reshape({-1});
        if (iou.size(0) != logits.size(0))
            throw std::runtime_error("the model returned different numbers of masks and scores");

        for (int64_t m = 0; m < logits.size(0); ++m) {
            const cv::Mat low(int(h), int(w), CV_32F, logits[m].data_ptr<float>());
            cv::Mat full;
            // The low-resolution grid covers the whole (stretched) input, so a plain resize maps it back.
            cv::resize(low, full, cv::Size(st.width, st.height), 0, 0, cv::INTER_LINEAR);
            r.masks.push_back({detail::toMask(full > 0.0f), double(iou[m].item<float>())});
        }
        std::stable_sort(r.masks.begin(), r.masks.end(), [](const MaskCandidate &a, const MaskCandidate &b) {
            const bool ea = a.mask.area() == 0, eb = b.mask.area() == 0;
            return ea != eb ? eb : a.score > b.score;
        });
        if (m_options.refine && !r.masks.empty())
            r.masks.front().mask = refineMask(r.masks.front().mask, prompts);
        if (r.masks.empty() || r.masks.front().mask.area() == 0) {
            r.masks.clear();
            r.error = "the model found no object there";
        }
    }

    torch::jit::script::Module m_module;
    bool m_split = false;
    int m_maxPoints = 0;
    SamOptions m_options;
    std::list<ImageState> m_cache; // most recent first; front = current image
    double m_pendingEncodeMs = -1;  // encoder time of the last setImage, reported by the next segment()
    SegmenterStats m_stats;
};

} // namespace

SamLoadResult loadSamSegmenter(const std::string &path, const SamOptions &options)
{
    SamLoadResult res;
    try {
        at::set_num_threads(gc::quant::chooseThreadCount(options.threads, at::get_num_threads()));
        torch::jit::script::Module module = torch::jit::load(path, torch::kCPU);
        module.eval();
        const bool split = module.find_method("get_image_embeddings").has_value()
                           && module.find_method("predict_masks").has_value();
        if (!split && !module.find_method("forward")) {
            res.error = path + ": not a SAM-family model (no get_image_embeddings/predict_masks or forward)";
            return res;
        }
        int maxPoints = 0;
        if (module.hasattr("decoder_max_num_input_points")) {
            const c10::IValue v = module.attr("decoder_max_num_input_points");
            if (v.isInt())
                maxPoints = int(v.toInt());
        }
        res.splitEncoderDecoder = split;
        res.maxPoints = maxPoints;
        res.segmenter = std::make_unique<SamSegmenter>(std::move(module), split, maxPoints, options);
    } catch (const std::exception &e) {
        res.error = path + ": cannot load TorchScript model (" + e.what() + ")";
    }
    return res;
}

} // namespace gc::seg
