#pragma once

#include "session.h"

#include "dialects/streaming_decoder.h"

#include <QElapsedTimer>

#include <optional>
#include <vector>

// One answer being streamed into a document.
struct SessionConversation::Stream {
    int image = -1;  // which image's document it writes to
    int row = -1;    // the assistant message
    std::unique_ptr<gc::StreamingDecoder> decoder;
    DocumentState before; // the document before the user's turn: the undo step covers the whole turn (not
                          // what the user did to other regions while it streamed)
    bool replacesAnswer = false; // a regenerate: `before` holds the answer (and later turns) it replaces
    QSize imageSize;
    int colorBase = 0;
    QElapsedTimer clock; // since it was asked: how long a tiled or Look closer turn's views took
    // a tiled turn's regions as merged (pixels), finer than its text may write them (dialects/tiled_answer.h)
    std::optional<std::vector<gc::Entity>> merged;
    // a tiled turn's grid (columns x rows) and its tiles (pixels of the image), for the turn's record
    QSize tileGrid;
    QList<QRectF> tiles;
};
