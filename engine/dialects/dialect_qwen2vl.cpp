// Qwen2-VL: <|object_ref_start|>phrase<|object_ref_end|><|box_start|>(x1,y1),(x2,y2)<|box_end|>, 0-1000.
#include "common.h"
#include "core/coords.h"
#include "encode_util.h"
#include "factories.h"
#include "tag_markup.h"

namespace gc::dialects {
namespace {

class Qwen2Vl final : public Dialect {
public:
    Qwen2Vl()
    {
        m_info.id = "qwen2-vl";
        m_info.displayName = "Qwen2-VL";
        m_info.source = "QwenLM/Qwen3-VL qwen-vl-finetune/tools/process_bbox.ipynb@96588727; "
                        "modelscope/ms-swift swift/template/templates/qwen.py@3602360a";
        m_info.space = CoordSpace::Scale1000;
        m_info.caps.boxIn = true;
        m_info.caps.boxOut = true;
        m_info.caps.pointIn = true;
        m_info.caps.pointOut = true;
        m_info.caps.polygonOut = true; // <|quad_start|>
        m_info.tasks = {
            {"refer", "", "Find <|object_ref_start|>{input}<|object_ref_end|> in the image and give its bounding box.",
             false},
            {"detect", "", "Detect every <|object_ref_start|>{input}<|object_ref_end|> in the image.", false},
            {"region", "", "What is in {input}?", true},
            {"chat", "", "{input}", false},
        };
        m_grammar.refOpen = "<|object_ref_start|>";
        m_grammar.refClose = "<|object_ref_end|>";
        m_grammar.boxOpen = "<|box_start|>";
        m_grammar.boxClose = "<|box_end|>";
        m_grammar.quadOpen = "<|quad_start|>";
        m_grammar.quadClose = "<|quad_end|>";
        m_grammar.strip = {"<|im_end|>", "<|endoftext|>"};
        m_grammar.pointInBox = true; // single pair in box tokens (UI-TARS action space)
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        return decodeTagMarkup(raw, options, m_grammar);
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        bool first = true;
        return encodeRegions(m_info, req, "", [&](const PromptRegion &r, std::string &out, std::string &err) {
            // round(x/W*1000) clamped to [0,1000], as the official conversion notebook does
            const auto q = [](double v) { return std::to_string(coords::toScaleRounded(v, 1000, 1000)); };
            if (first && !req.phrase.empty())
                out = "<|object_ref_start|>" + req.phrase + "<|object_ref_end|>";
            first = false;
            if (r.kind == RegionKind::Point) {
                const PointF p = unitPointOf(r, req.imageSize);
                out += "<|box_start|>(" + q(p.x) + "," + q(p.y) + ")<|box_end|>";
                return true;
            }
            if (r.kind != RegionKind::Box) {
                err = "Qwen2-VL takes boxes and points only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            out += "<|box_start|>(" + q(u.x1) + "," + q(u.y1) + "),(" + q(u.x2) + "," + q(u.y2) + ")<|box_end|>";
            return true;
        });
    }

private:
    DialectInfo m_info;
    TagGrammar m_grammar;
};

} // namespace

std::unique_ptr<Dialect> makeQwen2Vl() { return std::make_unique<Qwen2Vl>(); }

} // namespace gc::dialects
