#!/usr/bin/python3
"""Writes tiny_sam.pt: a few-KB TorchScript model with EfficientSAM's export contract.

It proves the C++ loading and calling code (gc::seg::loadSamSegmenter) without the real 40 MB model:
the same methods, argument order, label values, shapes and ranked candidates, but a geometric "decoder"
whose answer is known in advance (the box, or discs around the clicks), so tests can check the
coordinate mapping as well as the plumbing.

Run with Debian's interpreter (the pyenv python3 on PATH has no torch):
    /usr/bin/python3 tests/data/make_tiny_sam.py tests/data/tiny_sam.pt
"""
import sys
from typing import Tuple

import torch
import torch.nn.functional as F


class TinySam(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.img_size = 64  # EfficientSAM's encoder sees 1024x1024; the contract only needs "a square"
        self.low_res = 32  # EfficientSAM returns 256x256 low-resolution logits
        self.decoder_max_num_input_points = 6
        # One strided conv as the "encoder": per-patch mean colour, deterministic weights.
        self.patch = torch.nn.Conv2d(3, 4, kernel_size=4, stride=4)
        with torch.no_grad():
            self.patch.weight.fill_(1.0 / 48.0)
            self.patch.bias.zero_()

    @torch.jit.export
    def get_image_embeddings(self, batched_images: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(batched_images, (self.img_size, self.img_size), mode="bilinear")
        return self.patch(x)

    @torch.jit.export
    def predict_masks(
        self,
        image_embeddings: torch.Tensor,
        batched_points: torch.Tensor,
        batched_point_labels: torch.Tensor,
        multimask_output: bool,
        input_h: int,
        input_w: int,
        output_h: int = -1,
        output_w: int = -1,
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        batch, queries = batched_points.shape[0], batched_points.shape[1]
        px = batched_points[..., 0] * self.img_size / input_w
        py = batched_points[..., 1] * self.img_size / input_h
        labels = batched_point_labels
        cell = (torch.arange(self.low_res, dtype=torch.float32) + 0.5) * (self.img_size / self.low_res)
        gy = cell.view(1, 1, 1, self.low_res, 1)
        gx = cell.view(1, 1, 1, 1, self.low_res)
        dist = torch.sqrt((gx - px[..., None, None]) ** 2 + (gy - py[..., None, None]) ** 2)
        radius = self.img_size / 8.0

        big = torch.tensor(1.0e4)
        pos = (labels == 1)[..., None, None]
        neg = (labels == 0)[..., None, None]
        disc = torch.where(pos, radius - dist, -big).amax(dim=2)
        away = torch.where(neg, dist - radius / 2, big).amin(dim=2)

        tl = (labels == 2).to(torch.float32)
        br = (labels == 3).to(torch.float32)
        has_box = (tl.sum(-1) > 0) & (br.sum(-1) > 0)
        x1 = (px * tl).sum(-1)[..., None, None]
        y1 = (py * tl).sum(-1)[..., None, None]
        x2 = (px * br).sum(-1)[..., None, None]
        y2 = (py * br).sum(-1)[..., None, None]
        gx4 = gx.squeeze(2)
        gy4 = gy.squeeze(2)
        inside = torch.minimum(torch.minimum(gx4 - x1, x2 - gx4), torch.minimum(gy4 - y1, y2 - gy4))

        logits = torch.where(has_box[..., None, None], inside, disc)
        logits = torch.minimum(logits, away).clamp(min=-10.0)
        # A whisper of the embedding, so the decoder really depends on the encoder's output.
        shade = F.interpolate(image_embeddings.mean(1, keepdim=True), (self.low_res, self.low_res), mode="bilinear")
        logits = logits + 1.0e-3 * (shade - shade.mean())

        if multimask_output:
            # Three candidates (shrunk, exact, grown) whose best is NOT the first: callers must rank.
            masks = torch.stack([logits - radius / 4, logits, logits + radius / 4], dim=2)
            iou = torch.tensor([0.6, 0.9, 0.3]).expand(batch, queries, 3)
        else:
            masks = logits[:, :, None]
            iou = torch.tensor([0.9]).expand(batch, queries, 1)
        if output_h > 0 and output_w > 0:
            num = masks.shape[2]
            masks = F.interpolate(masks.reshape(batch * queries, num, self.low_res, self.low_res),
                                  (output_h, output_w), mode="bilinear")
            masks = masks.reshape(batch, queries, num, output_h, output_w)
        return masks, iou.contiguous()

    def forward(
        self, batched_images: torch.Tensor, batched_points: torch.Tensor, batched_point_labels: torch.Tensor
    ) -> Tuple[torch.Tensor, torch.Tensor]:
        h, w = batched_images.shape[2], batched_images.shape[3]
        embeddings = self.get_image_embeddings(batched_images)
        return self.predict_masks(embeddings, batched_points, batched_point_labels, True, h, w, h, w)


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "tiny_sam.pt"
    torch.manual_seed(0)
    model = torch.jit.script(TinySam().eval())
    # Smoke-check the contract before writing: a box in a 200x120 image.
    image = torch.rand(1, 3, 120, 200)
    points = torch.tensor([[[[40.0, 30.0], [120.0, 90.0]]]])
    labels = torch.tensor([[[2, 3]]])
    masks, iou = model(image, points, labels)
    assert masks.shape == (1, 1, 3, 120, 200) and iou.shape == (1, 1, 3)
    assert bool(masks[0, 0, 1, 60, 80] > 0) and bool(masks[0, 0, 1, 10, 10] < 0)
    torch.jit.save(model, out)


if __name__ == "__main__":
    main()
