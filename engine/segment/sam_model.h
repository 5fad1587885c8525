#pragma once

// SAM-family TorchScript models with EfficientSAM's export contract (torch.jit.script of the model):
//   get_image_embeddings(images[B,3,H,W] float RGB in [0,1]) -> embeddings
//   predict_masks(embeddings, points[B,Q,N,2] float (x,y) input pixels, labels[B,Q,N] int64,
//                 multimask_output: bool, input_h: int, input_w: int, output_h: int, output_w: int)
//       -> (mask logits [B,Q,M,h,w], predicted IoU [B,Q,M])
// Labels: 1 positive point, 0 negative point, 2 box top-left, 3 box bottom-right, -1 padding.
// A model that exports only forward(images, points, labels) -> (logits, iou) also works, but then
// every click runs the encoder (no cache).

#include "segment/segmenter.h"

#include <string>

namespace gc::seg {

struct SamOptions {
    int threads = 0;          // 0 = every physical core (at::set_num_threads is process-wide)
    int maxInputSide = 1024;  // larger images are scaled down (area filter) before the encoder
    int cacheImages = 4;      // embeddings kept (least recently used dropped), so switching back is free
    bool multimask = true;    // ask for the model's several candidates and rank them by predicted IoU
    bool refine = false;      // apply mask_refine.h to the best mask (SAM masks rarely need it)
};

struct SamLoadResult {
    std::unique_ptr<Segmenter> segmenter; // null on failure
    std::string error;
    bool splitEncoderDecoder = false;     // the model exports get_image_embeddings + predict_masks
    int maxPoints = 0;                    // decoder_max_num_input_points when the model has it, else 0
};

// Loads a .pt/.torchscript file on the CPU. The returned segmenter owns its module; see segmenter.h
// for threading.
[[nodiscard]] SamLoadResult loadSamSegmenter(const std::string &path, const SamOptions &options = {});

} // namespace gc::seg
