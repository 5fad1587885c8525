#pragma once

// The grounding expert (P²G): a local grounding model that finds the boxes of an answer's phrases when the model
// that answered cannot (a server model's plain text, or a model asked for boxes it does not give). Florence-2 grounds
// the answer as a caption (<CAPTION_TO_PHRASE_GROUNDING>); the built-in demo model (a small Kosmos-2 that knows only
// its scenes of shapes) grounds each noun phrase as a referring expression. Each box is scored by asking the expert
// to describe it back and comparing that with the phrase. Plain C++: the app and the CLI run it on a thread of
// their own; no exception crosses this interface.

#include "core/grounded_text.h"
#include "expert/noun_phrases.h"
#include "io/image_loader.h"
#include "runtime/local_model.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gc::expert {

enum class ExpertKind { Florence2, Demo };
[[nodiscard]] const char *expertKindName(ExpertKind k); // "florence2", "demo"

struct ExpertChoice {
    ExpertKind kind = ExpertKind::Demo;
    std::string folder;
};

// Which model grounds for the others, the one place that decides: `wanted` is "auto" (the first Florence-2 among
// `folders`, the model folders the caller knows of, else the demo model), "florence2" or "demo"; `demoFolder` is
// where the demo model is ("" when it is missing). nullopt, with *error saying why, when the wanted one is not there
// or `wanted` is none of these.
[[nodiscard]] std::optional<ExpertChoice> chooseExpert(const std::string &wanted, const std::vector<std::string> &folders,
                                                       const std::string &demoFolder, std::string *error);

// One box of a phrase, in pixels of the image.
struct ExpertRegion {
    size_t phrase = 0; // index into ExpertResult::phrases
    Box box;
    // How well the expert's own description of the box agrees with the phrase (wordAgreement, 0..1).
    double score = 0;
};

struct ExpertParams {
    // The phrases to ground; empty: the expert picks them (Florence-2: those its grounding finds in the answer;
    // the demo model: nounPhrases()).
    std::vector<PhraseSpan> phrases;
    int maxRegions = 24;                                // boxes kept, over all phrases
    std::function<void(int done, int total)> onProgress; // steps: the groundings, then the descriptions
    std::function<bool()> shouldAbort;
};

struct ExpertResult {
    runtime::Status status;
    bool aborted = false;
    std::vector<PhraseSpan> phrases; // what was grounded; a phrase not found in the answer has an empty span
    std::vector<ExpertRegion> regions;
    double elapsedMs = 0;
};

class GroundingExpert {
public:
    GroundingExpert();
    ~GroundingExpert();
    GroundingExpert(const GroundingExpert &) = delete;
    GroundingExpert &operator=(const GroundingExpert &) = delete;

    // Loads the chosen model (a folder already loaded is kept).
    runtime::Status load(const ExpertChoice &choice, const runtime::LoadParams &params = {});
    [[nodiscard]] bool isLoaded() const;
    [[nodiscard]] const ExpertChoice &choice() const { return m_choice; }
    // "Florence-2 (folder name)" / "demo model": what a tool run says ran.
    [[nodiscard]] std::string name() const;

    // Grounds the phrases of `answer` on `image`.
    [[nodiscard]] ExpertResult ground(const io::RgbImage &image, const std::string &answer, const ExpertParams &params);

private:
    struct Found {
        size_t phrase;
        Box box;
    };
    // One generation of the model and its decode in pixels; false (status set) when it failed or was stopped.
    bool ask(const io::RgbImage &image, const std::string &prompt, const std::string &task, const ExpertParams &params,
             GroundedText *out, ExpertResult &result);
    void groundFlorence(const io::RgbImage &image, const std::string &answer, const ExpertParams &params,
                        std::vector<Found> &found, ExpertResult &result);
    void groundDemo(const io::RgbImage &image, const ExpertParams &params, std::vector<Found> &found,
                    ExpertResult &result);

    ExpertChoice m_choice;
    std::unique_ptr<runtime::LocalModel> m_model;
    bool m_loaded = false;
};

} // namespace gc::expert
