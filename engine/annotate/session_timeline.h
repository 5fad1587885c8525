#pragma once

// What a session's timeline (session_document.h) means: the state it rebuilds after each event, the events that
// turn one state into another (what the app records), a timeline made up for a file that has none, and the
// edits a presentation needs (pauses compressed, turns hidden).

#include "session_document.h"

#include <vector>

namespace gc::annot {

// One image's regions and messages at some moment of a timeline.
struct ReplayImage {
    std::vector<SessionRegion> regions;
    std::vector<SessionMessage> messages;
    bool operator==(const ReplayImage &o) const { return regions == o.regions && messages == o.messages; }
};

struct ReplayState {
    int current = -1;               // the image shown; -1 before the first
    std::vector<ReplayImage> images; // grows to the highest image an event names
    std::string model;              // the model chosen last ("" before the first)
};

// The state after `e`, from the state before it.
void applyEvent(ReplayState &state, const TimelineEvent &e);

// The events, at time `t`, that turn image `image` from `before` into `after`: regions drawn, changed or taken
// away by id; messages cut off, replaced, or grown at the end (an answer streaming).
[[nodiscard]] std::vector<TimelineEvent> changesBetween(const ReplayImage &before, const ReplayImage &after, int image,
                                                        double t);

// A timeline for a file written without one: each image, its user's regions, then each turn at an even pace (a
// question, then its answer word by word with each phrase's regions when its words arrive), ending on the image
// the file shows. Replaying it ends in the file's state.
[[nodiscard]] SessionTimeline evenTimeline(const SessionDocument &d);

// No pause between two events longer than `maxGapMs`.
void compressPauses(SessionTimeline &tl, double maxGapMs);

// The events a presentation shows: those of hidden turns (their messages, their answers' regions) left out, and
// the time they took with them.
[[nodiscard]] std::vector<TimelineEvent> presentedEvents(const SessionTimeline &tl);

// Every turn of the timeline, in the order its questions were sent.
[[nodiscard]] std::vector<TurnRef> timelineTurns(const SessionTimeline &tl);

} // namespace gc::annot
