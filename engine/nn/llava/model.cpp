#include "nn/llava/model.h"

#include <stdexcept>

namespace gc::nn::llava {

Model::Model(Config cfg, WeightStore weights, const StopCheck &stop) : m_cfg(std::move(cfg)), m_w(std::move(weights))
{
    validateWeights(m_cfg, m_w.file());
    m_vision = ClipVisionTower(m_w, kVisionPrefix, m_cfg.vision, stop);
    stopIfAsked(stop);
    m_proj1 = Linear(m_w, std::string(kProjectorPrefix) + "linear_1");
    if (m_cfg.projectorLayers == 2)
        m_proj2 = Linear(m_w, std::string(kProjectorPrefix) + "linear_2");
    if (m_cfg.regionFeature != RegionFeature::None)
        m_region = FerretRegionSampler(m_w, m_cfg.regionFeature, m_cfg.regionMaxPool);
    m_decoder = RopeDecoder(m_cfg.text, m_w, decoderNames(), stop);
}

at::Tensor Model::regionFeature(const at::Tensor &selected, const runtime::RegionSlot &region) const
{
    if (m_cfg.regionFeature == RegionFeature::None)
        throw std::logic_error("llava::Model::regionFeature: the model has no region module");
    return m_region(selected, region);
}

VisionOutput Model::encodeImage(const at::Tensor &pixels, bool keepHidden, const StopCheck &stop) const
{
    const at::NoGradGuard noGrad;
    VisionOutput out;
    ClipVisionOutput tower = m_vision.forward(pixels, keepHidden, stop, m_cfg.visionLayersRun());
    at::Tensor x = tower.lastHiddenState; // the output of the last layer run: the feature layer
    out.hiddenStates = std::move(tower.hiddenStates);
    out.selected = m_cfg.keepClassToken ? x : x.narrow(1, 1, x.size(1) - 1);
    out.imageFeatures = m_cfg.projectorLayers == 2 ? m_proj2(nn::gelu(m_proj1(out.selected))) : m_proj1(out.selected);
    return out;
}

} // namespace gc::nn::llava
