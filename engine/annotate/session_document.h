#pragma once

// The session file ("groundchat-session", version 2: version 1 had no timeline): its one definition, reader and writer. The app converts
// its documents to and from these structures (app/session/session_io.cpp); the CLI and the app's export and
// import convert them to and from the annotation model (session_format.h). Every field the app keeps is here,
// so a file goes through either side and comes back the same.

#include "core/geometry.h"
#include "core/region.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gc::annot {

// A click that shaped a mask, kept for refining it.
struct SessionPrompt {
    PointF at;
    bool positive = true;
    bool operator==(const SessionPrompt &o) const { return at == o.at && positive == o.positive; }
};

// One region on an image, in pixels of the original image.
struct SessionRegion {
    std::string id;      // "R1", "M2" (mark 2), "A3" (from an answer)
    RegionKind kind = RegionKind::Box;
    bool fromModel = false;
    bool accepted = false; // a model region the user accepted into the annotation set
    std::string label;
    int color = 0;
    Box box;
    std::vector<PointF> points;
    bool positive = true;
    int mark = 0;
    bool visible = true;
    int message = -1; // the answer that produced it (model regions)
    int entity = -1;  // which of that answer's phrases
    std::string maskRle; // masks: COCO compressed RLE over the whole image, of maskSize
    SizeI maskSize{-1, -1};
    std::vector<SessionPrompt> prompts;
    std::string source; // what made it besides the user or an answer: "ocr", "expert", "proposal" ("" = neither)
    bool operator==(const SessionRegion &o) const;
};

// A phrase of an answer and the regions it names.
struct SessionEntity {
    std::string phrase;
    int spanBegin = -1; // in the message's text; -1 when the phrase has no span
    int spanEnd = -1;
    int colorIndex = 0;
    std::vector<std::string> regionIds;
    bool operator==(const SessionEntity &o) const;
};

// A tool the app ran for a turn (OCR, the grounding expert, region proposals, tiles, zoom): what ran, on which
// part of the image, how long it took and what it produced.
struct SessionTileGrid {
    int columns = 1;
    int rows = 1;
    bool operator==(const SessionTileGrid &o) const { return columns == o.columns && rows == o.rows; }
};

struct SessionToolRun {
    std::string tool;          // "ocr", "expert", "proposals", ...
    std::optional<Box> region; // image pixels; absent: the whole image
    double ms = 0;
    std::string output;                 // what it produced, as text (the text read, the hint sent)
    std::vector<std::string> regionIds; // the regions it made
    // tiles: the grid the image was cut in and each tile's rectangle (image pixels, the whole view not among them);
    // absent for other tools and in files written before they were kept
    std::optional<SessionTileGrid> grid;
    std::vector<Box> tiles;
    bool operator==(const SessionToolRun &o) const;
};

// One turn of the conversation.
struct SessionMessage {
    bool fromUser = true;
    std::string text;    // user: what they typed; assistant: the clean grounded text
    std::string raw;     // assistant: the model's raw output
    std::string prompt;  // user: the prompt actually sent (regions written in the dialect)
    std::string task;    // user: the task preset it was sent with ("" = free chat)
    std::string dialect;
    std::vector<SessionEntity> entities; // assistant
    bool cancelled = false;
    std::string error;
    double ttftMs = 0;
    double tokensPerSecond = 0;
    int tokens = 0;
    std::vector<SessionToolRun> tools; // the tools run for this turn, in order (absent in older files)
    bool operator==(const SessionMessage &o) const;
};

struct SessionImage {
    std::string path; // as written: relative to the session file, absolute, or ":/" (built into the program)
    SizeI size;
    std::vector<SessionRegion> regions;
    std::vector<SessionMessage> messages;
    int nextRegion = 1;
    int nextMark = 1;
    int nextAnswerRegion = 1;
    std::string data; // the image file's bytes in base64 when the session embeds it, else ""
    bool operator==(const SessionImage &o) const;
};

// One thing that happened in a session, at `t` ms after its first event. Replaying the events in order from an
// empty session rebuilds every image's regions and messages as they were at each moment (session_timeline.h).
struct TimelineEvent {
    enum class Kind {
        Image,    // image `image` shown (opened, or switched to)
        Region,   // `region` drawn, edited, a mask or an answer's box made: the region as it is from then on
        Delete,   // region `id` taken away
        Message,  // message `row` as it is from then on: a question sent (with the chips it cites), an answer begun
                  // or ended
        Grow,     // answer `row` streaming: `raw` and `text` appended, its phrases now `entities` when given
        Truncate, // only the first `row` messages remain (an undo, a regenerate)
        Model,    // model `model` chosen
    };
    double t = 0;
    Kind kind = Kind::Image;
    int image = 0;
    SessionRegion region;
    std::string id;
    int row = -1;
    SessionMessage message;
    std::string raw, text;
    std::optional<std::vector<SessionEntity>> entities;
    std::string model;
    bool operator==(const TimelineEvent &o) const;
};

// A user message and the answers after it, by the image and the row its question had when it was sent.
struct TurnRef {
    int image = 0;
    int row = 0;
    bool operator==(const TurnRef &o) const { return image == o.image && row == o.row; }
};

struct SessionTimeline {
    std::vector<TimelineEvent> events;
    std::vector<TurnRef> hiddenTurns; // left out of a presentation, kept in the session
    bool operator==(const SessionTimeline &o) const { return events == o.events && hiddenTurns == o.hiddenTurns; }
};

struct SessionDocument {
    int current = 0; // the image shown
    int nextColor = 0;
    std::vector<SessionImage> images;
    // an autosave: the session file it belongs to ("" = untitled) and whether it held unsaved changes
    std::optional<std::string> autosaveOf;
    std::optional<bool> autosaveModified;
    std::optional<SessionTimeline> timeline; // absent in files written before timelines were recorded
    bool operator==(const SessionDocument &o) const;
};

// Why a file is not a session; describe() is the sentence the app shows (translated there), so the app and the
// CLI name the same problem at the same place.
struct SessionError {
    enum class Kind { Damaged, NotASession, Newer, Image, Region, Message, Timeline };
    Kind kind = Kind::Damaged;
    size_t line = 0, column = 0; // Damaged: where the JSON breaks (1-based)
    int image = 0;               // Image, Region, Message: 1-based
    int item = 0;                // Region, Message: 1-based within the image; Timeline: the event, 1-based
    std::string field;           // the JSON path of what is wrong: "images[0].regions[2].box"
    std::string detail;          // Damaged: the parser's words; else what is wrong with the field
    [[nodiscard]] std::string describe() const;
};

struct SessionRead {
    bool ok = false;
    SessionDocument document;
    SessionError error;
};

// Validates the whole file before returning anything. Fields the app did not write yet (older files) take their
// defaults; a region's kind, id and box, an image's path and size, a message's role and a mask's RLE are checked.
[[nodiscard]] SessionRead readSessionDocument(std::string_view text);
// Indented for files people may read, compact for the autosave (written often).
[[nodiscard]] std::string writeSessionDocument(const SessionDocument &d, bool indented = true);

} // namespace gc::annot
