#pragma once

// The app's entry point to an in-process model. Plain C++: no libtorch, OpenCV or sentencepiece types,
// and no exception crosses this interface; every failure comes back as a Status.

#include "core/geometry.h"
#include "io/image_loader.h"
#include "runtime/explanation.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gc::runtime {

enum class StatusCode {
    Ok,
    InvalidArgument, // bad parameters from the caller
    NotFound,        // missing folder or file
    BadModel,        // unreadable, corrupt or mismatched model files
    BadImage,
    Unsupported,     // e.g. CUDA asked for but absent, an architecture we do not run
    Aborted,         // shouldAbort said so
    NotLoaded,
    Internal,
};
[[nodiscard]] const char *statusCodeName(StatusCode c);

struct Status {
    StatusCode code = StatusCode::Ok;
    std::string message;
    [[nodiscard]] bool ok() const { return code == StatusCode::Ok; }
};

struct RuntimeSettings {
    std::string device = "cpu"; // "cpu" or "cuda" (when the libtorch in use has it)
    int threads = 0;            // 0 = every physical core (quant::chooseThreadCount)
    // How the linear layers' weight matrices are held: "f32" (as stored, memory-mapped), "bf16", "f16", "q8" or
    // "q4" (quant/weight_format.h). Small formats are built at load time.
    std::string weights = "f32";
    // Where matrices packed into a small format are kept, so that only the first load of a checkpoint in a
    // format quantises (the app's cache folder + "/weights"); empty: quantised at every load. The folder's
    // least recently used files go when they take more than weightCacheLimit bytes.
    std::string weightCache;
    uint64_t weightCacheLimit = uint64_t(16) << 30;
    // The pixel budget of a model that resizes each image to between two numbers of pixels (Qwen2.5-VL's
    // smart_resize; runtime/pixel_budget.h): fewer pixels, fewer image tokens, a faster answer with less detail.
    // 0 = the folder's preprocessor_config.json. A model with a fixed input square takes none.
    int64_t minPixels = 0, maxPixels = 0;
};

struct LoadParams {
    RuntimeSettings settings;
    std::function<void(double fraction, const std::string &stage)> onProgress;
    std::function<bool()> shouldAbort;
};

// Unset fields fall back to the folder's generation_config.json, then to the architecture defaults.
struct GenerationParams {
    std::optional<int64_t> maxNewTokens;
    std::optional<bool> doSample;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int64_t> topK;
    std::optional<uint64_t> seed;
    std::optional<int64_t> noRepeatNgramSize;
    // Beam search when above 1 (greedy only): the answer exists only when the search ends, so onProgress
    // reports its steps while it runs, and onToken gets the best beam's tokens, all at once, at its end (also
    // when it was stopped: the best it had found).
    std::optional<int64_t> numBeams;
    // The prompt is written in the model's own markup, its image placeholder where the image goes
    // (Qwen2.5-VL: <|vision_start|><|image_pad|><|vision_end|>): no chat template, no earlier turns.
    bool rawPrompt = false;
    std::function<void(int64_t token, const std::string &text)> onToken; // streaming, on the calling thread
    // The steps of a beam search (maxSteps: the token limit); never called when the answer streams.
    std::function<void(int64_t step, int64_t maxSteps)> onProgress;
    // Checked between tokens, and between the layers of the vision tower and of the prompt's pass, so
    // that a large image or a long conversation stops promptly too.
    std::function<bool()> shouldAbort;
};

// The size an image of a given size has when the vision encoder takes it (its preprocessing's resize): the
// frame an answer in absolute input coordinates is in. Self-contained, so a caller may keep it.
using InputFrame = std::function<SizeI(SizeI original)>;

// One earlier exchange of a conversation: the prompt as sent and the answer as the model wrote it
// (GenerationResult::answerText).
struct Turn {
    std::string prompt;
    std::string answer;
};

struct GenerationResult {
    Status status;
    std::vector<int64_t> promptTokens; // what the model saw this turn (whole conversation for follow-ups)
    std::vector<int64_t> tokens;       // generated ids
    std::string answerText;            // decoded generated tokens, tags kept, special tokens dropped
    std::string rawText;               // the dialect's input: the text after </image> incl. the prompt (Kosmos-2), or the answer alone (chat models)
    bool aborted = false;
    bool imageCached = false;          // the image embedding came from the cache
    int64_t reusedTokens = 0;          // prompt positions whose KV cache was reused
    double visionMs = 0, prefillMs = 0, decodeMs = 0;
};

struct ModelInfo {
    std::string architecture; // the architecture table's name: "kosmos-2"
    std::string dialect;      // dialect registry id: "kosmos2"
    int imageSize = 0;
    InputFrame inputFrame;
    int64_t vocabSize = 0;
    int64_t parameterBytes = 0;
    int64_t decodeBytesPerToken = 0; // Architecture::decodeBytesPerToken
    // The dialect tasks (TaskPrompt ids) the model was trained on, from config.json's optional
    // "groundchat_tasks"; empty = every task of the dialect.
    std::vector<std::string> tasks;
    // Whether the model was trained on conversations, so earlier turns go back to it with each question
    // (config.json's optional "groundchat_multi_turn"). Kosmos-2 was not: it reads one prompt, and a
    // conversation given to it whole only confuses it.
    bool multiTurn = false;
    bool regionInput = false; // a region can be written into the prompt
    bool masks = false;       // it outputs masks or polygons
    bool ocr = false;         // it reads text with its position
};

class LocalModel {
public:
    LocalModel();
    ~LocalModel();
    LocalModel(const LocalModel &) = delete;
    LocalModel &operator=(const LocalModel &) = delete;

    // A load that fails or is cancelled leaves the model loaded before (if any) as it was.
    Status load(const std::string &folder, const LoadParams &params = {});
    [[nodiscard]] bool isLoaded() const;
    [[nodiscard]] ModelInfo info() const;

    // A new conversation about `image`. The image embedding is cached per image, and when the previous
    // conversation was about the same image its KV cache is reused for the common prompt prefix.
    GenerationResult generate(const io::RgbImage &image, const std::string &prompt, const GenerationParams &params);
    // A turn of a conversation about `image`, given whole: the earlier turns (oldest first) and the new
    // prompt; earlier calls do not change the answer, they only save work (the image embedding, and the KV
    // cache of the longest token prefix shared with the previous call). Each earlier answer is closed by
    // the end-of-sequence token, so a conversation whose answers ended there gives followUp's tokens.
    GenerationResult generate(const io::RgbImage &image, const std::vector<Turn> &history, const std::string &prompt,
                              const GenerationParams &params);
    // Appends `text` to the conversation so far (prompt + answer) and generates; only the new tokens
    // are run through the model.
    GenerationResult followUp(const std::string &text, const GenerationParams &params);
    // Several images/prompts at once, left-padded into one batch.
    std::vector<GenerationResult> generateBatch(const std::vector<io::RgbImage> &images,
                                                const std::vector<std::string> &prompts,
                                                const GenerationParams &params);
    // Writes pixel_values.npy and image_features.npy (what the language model gets for the image); then for
    // a decoder-only model image_embeds.npy (the same), input_ids.npy and logits.npy ([1, L, V]) over the
    // prompt, for an encoder-decoder model encoder_last_hidden_state.npy ([1, S, D]) and step_logits.npy
    // ([steps, V]: the raw logits, before any processor, at each step of `answer`, the generated tokens
    // as GenerationResult::tokens holds them).
    // `rawPrompt` as GenerationParams::rawPrompt.
    Status dump(const io::RgbImage &image, const std::string &prompt, const std::string &dir,
                const std::vector<int64_t> &answer = {}, bool rawPrompt = false);
    // The logit lens and the attention to the image (runtime/explanation.h) of a conversation's turn about
    // `image` (earlier turns as for generate(), `prompt` the turn's) with its answer, in one pass; Unsupported
    // for an architecture whose decoder records none (today: all but the rotary decoders' and Kosmos-2's).
    // The pass is kept: another question about the same image, turn and answer (another word, phrase or layer)
    // is answered from it without running the model.
    Status explain(const io::RgbImage &image, const std::vector<Turn> &history, const std::string &prompt,
                   const ExplainParams &params, Explanation &out);
    // How many passes explain() has run through the model (the others were answered from the kept one).
    [[nodiscard]] int64_t explainPasses() const;
    // Token ids a turn's prompt becomes (with the image slots) about an image of `imageSize` pixels, as generate()
    // lays it out (GenerationResult::promptTokens), for tests and tools. Empty on failure, with *status saying why.
    [[nodiscard]] std::vector<int64_t> promptIds(const std::string &prompt, SizeI imageSize,
                                                 const std::vector<Turn> &history = {}, Status *status = nullptr) const;
    [[nodiscard]] std::vector<float> preprocess(const io::RgbImage &image) const;
    void resetConversation();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gc::runtime
