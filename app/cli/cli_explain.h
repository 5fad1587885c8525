#pragma once

#include <string>
#include <vector>

namespace gc::cli {

// groundchat-cli explain --model DIR --image FILE --prompt TEXT [--raw-prompt] [--word W] [--layer K]
//   [--overlay OUT.png] [--json] [--dump DIR2] [--weights F] [--max-pixels N]
// What the model sees of the image after the prompt: per decoder layer, the logit lens at each image position
// (its top token, and --word's probability) and the attention of the last prompt position to each image
// position (head-averaged). Prints layer K's maps (default: the last layer) as grids, or everything as JSON;
// --overlay draws layer K's map (the word's probability with --word, else the attention) on the image;
// --dump writes logit_lens.npy [layers, image positions, vocab] and attention_to_image.npy [layers, image
// positions], in the order the image positions have in the sequence. Throws UsageError (exit 2) or InputError
// (exit 3).
int runExplain(const std::vector<std::string> &argv);

} // namespace gc::cli
