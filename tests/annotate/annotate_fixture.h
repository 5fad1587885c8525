#pragma once

// A small dataset with every region kind, a caption, turns and referring expressions, and the projection of it
// that each format promises to bring back.

#include "annotate/dataset.h"
#include "annotate/formats.h"

namespace gc::annot::test {

Dataset fullDataset();
// What `format` carries of `d`, in the order its importer returns it.
Dataset projectFor(Format format, const Dataset &d);

} // namespace gc::annot::test
