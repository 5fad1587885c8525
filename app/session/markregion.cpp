#include "markregion.h"

QString appendMark(DocumentState &doc, const QPointF &label, const QRectF &box, int colorIndex, const QString &rle,
                   const QSize &maskSize, const QString &source)
{
    RegionItem r;
    r.markNumber = doc.nextMark++;
    r.id = QStringLiteral("M%1").arg(r.markNumber);
    r.kind = QStringLiteral("mark");
    r.points = {label};
    r.box = box;
    r.maskRle = rle;
    r.maskSize = maskSize;
    r.colorIndex = colorIndex;
    r.source = source;
    doc.regions.append(r);
    return r.id;
}
