#include "markedimage.h"

#include "rgbimage.h"

#include "core/rle.h"
#include "segment/mark_render.h"

QImage markedImage(const QImage &image, const QList<PromptMark> &marks)
{
    std::vector<gc::seg::Mark> engineMarks;
    for (const PromptMark &m : marks) {
        gc::seg::Mark mark;
        mark.number = m.number;
        mark.label = {m.label.x(), m.label.y()};
        // a region that does not decode is drawn as a hand-placed mark: its number only
        if (const auto rle = gc::rleFromString(m.rle.toStdString(), m.rleSize.width(), m.rleSize.height()))
            mark.rle = *rle;
        engineMarks.push_back(std::move(mark));
    }
    return toQImage(gc::seg::renderMarkedImage(toRgbImage(image), engineMarks));
}
