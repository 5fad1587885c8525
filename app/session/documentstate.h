#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVariantList>

// One region on an image, in pixels of the original image.
struct RegionItem {
    QString id;              // "R1", "M2" (mark 2), "A3" (from an answer)
    QString kind = QStringLiteral("box"); // box, point, mark, polygon, quad, mask
    bool fromModel = false;
    bool accepted = false;   // a model region the user accepted into the annotation set
    QString label;
    int colorIndex = 0;
    QRectF box;
    QList<QPointF> points;
    bool positive = true;
    int markNumber = 0;
    bool visible = true;
    int messageIndex = -1;   // the answer that produced it (model regions)
    int entityIndex = -1;    // which of that answer's phrases
    QString maskRle;         // masks: COCO compressed RLE over the whole image
    QSize maskSize;
    QList<QPointF> promptPoints; // masks: the clicks that shaped it (for refining)
    QList<bool> promptPositive;
    QString source;          // what made it besides the user or an answer: "ocr", "expert", "proposal"

    bool operator==(const RegionItem &o) const;
};

// A tool run for a turn (OCR, the grounding expert, region proposals, tiles, zoom): shown in the chat with the
// turn, undone with it.
struct ToolRun {
    QString tool;     // "ocr", "expert", "proposals", ...
    QRectF region;    // image pixels; null: the whole image
    double ms = 0;
    QString output;   // what it produced, as text (the text read, the hint sent)
    QStringList regionIds; // the regions it made
    // tiles: the grid (columns x rows) and each tile's rectangle in image pixels, the whole view not among them;
    // empty for other tools and in sessions saved before they were kept
    QSize grid;
    QList<QRectF> tiles;

    bool operator==(const ToolRun &o) const;
};

// One turn of the conversation.
struct ChatMessage {
    bool fromUser = true;
    QString text;         // user: what they typed; assistant: the clean grounded text
    QByteArray raw;       // assistant: the model's raw output (UTF-8)
    QString prompt;       // user: the prompt actually sent (regions written in the dialect)
    QString task;         // user: the task preset it was sent with ("" = free chat)
    QString dialect;
    QVariantList entities; // assistant: [{phrase, spanBegin, spanEnd, colorIndex, regionIds}]
    bool streaming = false;
    bool cancelled = false;
    QString error;
    double ttftMs = 0;
    double tokensPerSecond = 0;
    int tokens = 0;
    // assistant: the ids the model generated (in-process models; the lens maps a phrase to them). Not saved.
    QList<qint64> tokenIds;
    QList<ToolRun> tools; // the tools run for this turn, in order
    // assistant, while a beam search runs (its text comes when it ends): steps searched of at most
    // searchMaxSteps; 0 when the answer streams. Not saved: it only matters while the answer is made.
    int searchStep = 0;
    int searchMaxSteps = 0;
    // assistant, a tiled turn (core/tiling.h): crops answered of all (the tiles and the global view); kept when
    // it ends, so the bubble says the answer came from tiles. Not saved.
    int tilesDone = 0;
    int tilesTotal = 0;
    // user, Look closer: the pixels of the image the turn was asked about (shown in the chat). Not saved.
    QRectF crop;

    bool operator==(const ChatMessage &o) const;
};

// Everything the user made on one image: what undo/redo snapshots and sessions save.
struct DocumentState {
    QList<RegionItem> regions;
    QList<ChatMessage> messages;
    int nextRegion = 1;
    int nextMark = 1;
    int nextAnswerRegion = 1;

    bool operator==(const DocumentState &o) const
    {
        return regions == o.regions && messages == o.messages && nextRegion == o.nextRegion &&
               nextMark == o.nextMark && nextAnswerRegion == o.nextAnswerRegion;
    }

    // Makes here the change that turned `from` into `to` (undo: the other way round), leaving alone what
    // changed since: regions go by id, the conversation by the turns the change added or removed. So a box
    // drawn while an answer streamed stays when the answer is undone, and the other way round.
    void applyChange(const DocumentState &from, const DocumentState &to);
    // This document with the conversation as it was in `earlier`: its messages, the regions of the answers
    // that differ and the answer region counter from there, everything else (what the user drew meanwhile)
    // from here. What an answer's undo step starts from, so that the step holds the answer alone.
    [[nodiscard]] DocumentState withConversationOf(const DocumentState &earlier) const;
};
