// groundchat-cli: the command-line face of the GroundChat engine.
#include "args.h"
#include "cli_annotate.h"
#include "cli_export.h"
#include "cli_ask.h"
#include "cli_demo.h"
#include "cli_explain.h"
#include "cli_grounding.h"
#include "cli_models.h"
#include "cli_ocr.h"
#include "cli_replay.h"
#include "cli_segment.h"
#include "cli_weights.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

void printUsage(FILE *out)
{
    std::fputs("usage: groundchat-cli COMMAND [options]\n"
               "\n"
               "commands:\n"
               "  dialects [--json]                 list the region dialects and their capabilities\n"
               "  parse --dialect ID [--image-size WxH] [--input-size WxH] [--task TOKEN]\n"
               "        [--classes A,B] [--proposals JSON] [--diagnostics]\n"
               "                                    read raw model output on stdin, print the grounded JSON\n"
               "  format --dialect ID --image-size WxH (--box x1,y1,x2,y2 | --point x,y)... [--phrase TEXT]\n"
               "        [--task ID] [--input-size WxH]\n"
               "                                    print the prompt text for those regions\n"
               "  ask [--model DIR|REPO_ID] --image FILE (--prompt TEXT | --task NAME [--prompt INPUT]) [--json]\n"
               "        [--max-new-tokens N] [--overlay OUT.png] [--num-beams N] [--temperature T --top-p P\n"
               "        --top-k K --seed S --no-repeat-ngram-size N] [--dump DIR] [--max-pixels N]\n"
               "        [--weights f32|bf16|f16|q8|q4] [--raw-prompt] [--resize-min-pixels N]\n"
               "        [--resize-max-pixels N] [--tiles auto|N]\n"
               "                                    run a model folder in-process (default: the built-in demo\n"
               "                                    model), stream the grounded answer (beam search shows it\n"
               "                                    when it ends); --task takes the dialect's task id or token;\n"
               "                                    --raw-prompt: the prompt is in the model's own markup (no chat\n"
               "                                    template), its image placeholder expanded;\n"
               "                                    --resize-min/max-pixels: the pixels a model that resizes to a\n"
               "                                    budget (Qwen2.5-VL) sees the image at (default: the folder's)\n"
               "                                    --tiles N: also on an NxN grid of overlapping tiles, the\n"
               "                                    regions merged (1: the whole image only; auto: a grid chosen\n"
               "                                    from the image's and the model's sizes)\n"
               "  explain [--model DIR] --image FILE --prompt TEXT [--raw-prompt] [--word W] [--layer K]\n"
               "        [--overlay OUT.png] [--json] [--dump DIR2] [--weights f32|bf16|f16|q8|q4]\n"
               "                                    the logit lens and the attention to the image of the last\n"
               "                                    prompt position, per decoder layer (layer K, default the\n"
               "                                    model's lens layer, the last but for the demo model: top\n"
               "                                    tokens, --word's probability, attention); --dump\n"
               "                                    writes logit_lens.npy and attention_to_image.npy\n"
               "  ask --server URL --model NAME [--api-key-env VAR] --image FILE --prompt TEXT [--dialect ID]\n"
               "        [--json] [--max-image-side N] [--connect-timeout S] [--idle-timeout S] [--concurrency N]\n"
               "        [--timeout S] [--max-pixels N] [--tiles auto|N] [--expert auto|florence2|demo|none]\n"
               "        [--expert-model DIR]\n"
               "                                    ask an OpenAI-compatible server (vLLM, SGLang, llama.cpp,\n"
               "                                    Ollama, LM Studio), stream the grounded answer; --expert: an\n"
               "                                    answer without boxes gets its phrases boxed by a local grounding\n"
               "                                    model (auto: Florence-2 from --expert-model or the models on\n"
               "                                    disk, else the demo model; default none), entities marked\n"
               "                                    \"source\": \"expert\", the run in \"tools\"\n"
               "  segment --image FILE (--box x1,y1,x2,y2 | --point x,y[,neg])... [--model FILE] --out MASK.png [--json]\n"
               "                                    mask an object (GrabCut, or a SAM-family TorchScript model); points\n"
               "                                    alone grow the clicked objects, less what the neg points are on\n"
               "  marks --image FILE [--max N] [--out MARKED.png] [--json]\n"
               "                                    number the image's regions (Set-of-Mark)\n"
               "  ocr --image FILE [--box x1,y1,x2,y2] [--lang eng+chi_sim] [--json]\n"
               "                                    read the text of the image or of a box of it (Tesseract): all\n"
               "                                    text, lines and words with boxes in image pixels (default\n"
               "                                    languages: eng+chi_sim)\n"
               "  formats [--json]                  the annotation formats and their coordinate conventions\n"
               "  export --session FILE.gcsession --format ID --output PATH [--dialect ID] [--masks rle|rle-counts]\n"
               "        [--include-unaccepted] [--no-side-fields]\n"
               "                                    write a saved session's annotations in a training format\n"
               "  import --format ID --input PATH --output FILE.gcsession [--dialect ID]\n"
               "                                    read annotations into a new session file\n"
               "  annotate --input DIR --output FILE --format ID --task caption|detect|refer [--phrases FILE]\n"
               "        [--model DIR | --server URL --model NAME] [--dialect ID] [--concurrency N] [--resume]\n"
               "        [--weights f32|bf16|f16|q8|q4]\n"
               "                                    annotate every image of a folder (demo model by default) with\n"
               "                                    the model's own prompts; --phrases (one per line) for refer, and\n"
               "                                    for detect unless the model names the classes (Florence-2 <OD>)\n"
               "  cache info|clear [--json]         the packed weights kept for --weights bf16|f16|q8|q4 (each\n"
               "                                    checkpoint is quantised once per format): show, or remove them\n"
               "  models list [--json]              the curated models GroundChat runs: size, licence, on disk\n"
               "  models pull REPO_ID [--revision R] [--dir DIR] [--endpoint URL] [--token T] [--concurrency N]\n"
               "                                    download a model from the Hugging Face Hub (HF_ENDPOINT for a\n"
               "                                    mirror, HF_TOKEN for gated models) into its cache (HF_HUB_CACHE)\n"
               "                                    or DIR; resumes, verifies checksums, prints the model folder\n"
               "  models ls [--files] [--json]      the models on disk that GroundChat runs: the Hugging Face\n"
               "                                    cache's snapshots and the folders pull --dir wrote or add named\n"
               "                                    (folders since deleted drop out); --files: each one's files\n"
               "  models add DIR                    remember a model folder, for models ls and the app's picker\n"
               "  models rm REPO_ID                 remove a model from the Hugging Face cache\n"
               "  replay SESSION --video OUT.mp4|.webm|.gif [--size WxH] [--fps N] [--speed S] [--theme light|dark]\n"
               "        [--lang en|zh_CN] [--title TEXT] [--caption]\n"
               "                                    present a saved session in the app's views, offscreen, and write\n"
               "                                    it as a video (default 1280x720, 30 fps); --title adds a title\n"
               "                                    card, --caption the model's name\n"
               "  demo-scene [--seed N] --out FILE.png [--json] [--size WxH]\n"
               "                                    draw a scene of the demo model's synthetic world (shapes)\n"
               "                                    and print its objects' kinds and boxes; --size: a large\n"
               "                                    scene of small objects (what --tiles finds)\n"
               "\n"
               "exit status: 0 success, 2 usage error, 3 bad input\n",
               out);
}

} // namespace

int main(int argc, char **argv)
{
    using Command = std::function<int(const std::vector<std::string> &)>;
    const std::map<std::string, Command> commands = {
        {"dialects", gc::cli::runDialects},
        {"parse", gc::cli::runParse},
        {"format", gc::cli::runFormat},
        {"ask", gc::cli::runAsk},
        {"annotate", gc::cli::runAnnotate},
        {"export", gc::cli::runExport},
        {"import", gc::cli::runImport},
        {"formats", gc::cli::runFormats},
        {"segment", gc::cli::runSegment},
        {"marks", gc::cli::runMarks},
        {"ocr", gc::cli::runOcr},
        {"demo-scene", gc::cli::runDemoScene},
        {"cache", gc::cli::runCache},
        {"models", gc::cli::runModels},
        {"replay", gc::cli::runReplay},
        {"explain", gc::cli::runExplain},
    };
    if (argc < 2) {
        printUsage(stderr);
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(stdout);
        return 0;
    }
    const auto it = commands.find(name);
    if (it == commands.end()) {
        std::fprintf(stderr, "groundchat-cli: unknown command '%s' (try --help)\n", name.c_str());
        return 2;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        return it->second(args);
    } catch (const gc::cli::UsageError &e) {
        std::fprintf(stderr, "groundchat-cli %s: %s\n", name.c_str(), e.what());
        return 2;
    } catch (const gc::cli::InputError &e) {
        std::fprintf(stderr, "groundchat-cli %s: %s\n", name.c_str(), e.what());
        return 3;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "groundchat-cli %s: %s\n", name.c_str(), e.what());
        return 3;
    }
}
