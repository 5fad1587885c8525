#pragma once

// Florence-2's tokenizer as its processor makes it: the BART byte-level BPE of the snapshot, then the
// processor's added tokens (<od>, </od>, <ocr>, </ocr>, <loc_0>..<loc_999>, <cap>, ..., <and>) in the
// processor's order. Plain C++.

#include "text/bpe_tokenizer.h"

#include <string>
#include <vector>

namespace gc::nn::florence2 {

// Florence2Processor.__init__'s tokens_to_add, in order (1024 tokens).
[[nodiscard]] const std::vector<std::string> &processorTokens();

// Reads the tokenizer files of a Florence-2 folder (top level or processor/) and adds processorTokens():
// those the files already hold keep their ids, the others take the next ids, as add_special_tokens does.
// The processor's post-processing decodes with skip_special_tokens=False, so decode(ids) keeps these
// tokens (the dialect reads them) and drops only <s>, </s>, <pad>, <unk> and <mask>. Throws
// io::FormatError / io::MissingFileError.
[[nodiscard]] text::BpeTokenizer loadTokenizer(const std::string &dir);

} // namespace gc::nn::florence2
