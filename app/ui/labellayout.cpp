#include "labellayout.h"

#include <algorithm>

namespace {

QRectF inside(QRectF r, const QRectF &bounds)
{
    r.moveLeft(std::max(bounds.left(), std::min(r.left(), bounds.right() - r.width())));
    r.moveTop(std::max(bounds.top(), std::min(r.top(), bounds.bottom() - r.height())));
    return r;
}

std::vector<QRectF> spots(const LabelLayout::Label &l)
{
    const QRectF a = l.anchor;
    const double w = l.size.width(), h = l.size.height();
    if (l.beside) {
        const double gap = 3;
        return {{a.right() + gap, a.center().y() - h / 2, w, h}, {a.left() - gap - w, a.center().y() - h / 2, w, h},
                {a.center().x() - w / 2, a.top() - gap - h, w, h}, {a.center().x() - w / 2, a.bottom() + gap, w, h}};
    }
    std::vector<QRectF> out;
    for (const double x : {a.left(), a.right() - w})
        for (const double y : {a.top() - h, a.top(), a.bottom(), a.bottom() - h})
            out.emplace_back(x, y, w, h);
    return out;
}

double overlap(const QRectF &r, const std::vector<QRectF> &placed)
{
    double area = 0;
    for (const QRectF &p : placed) {
        const QRectF i = r.intersected(p);
        area += i.width() * i.height();
    }
    return area;
}

} // namespace

std::vector<QRectF> LabelLayout::place(const std::vector<Label> &labels, const QRectF &bounds)
{
    // Points' and marks' badges are kept clear too: a label over a badge hides what the badge marks.
    std::vector<QRectF> taken;
    for (const Label &l : labels)
        if (l.beside)
            taken.push_back(l.anchor);
    std::vector<QRectF> placed;
    placed.reserve(labels.size());
    for (const Label &l : labels) {
        std::vector<QRectF> candidates;
        for (const QRectF &s : spots(l))
            candidates.push_back(inside(s, bounds));
        // Slides past the placed labels one label height at a time, the nearest slides of every spot first.
        const double step = std::max(1.0, l.size.height());
        const int slides = int(placed.size()) + 1;
        for (int k = 1; k <= slides; ++k)
            for (const QRectF &s : spots(l))
                for (const double dir : {1.0, -1.0})
                    candidates.push_back(inside(s.translated(0, dir * k * step), bounds));
        const auto free = std::find_if(candidates.begin(), candidates.end(),
                                       [&](const QRectF &c) { return overlap(c, taken) == 0; });
        const QRectF chosen =
            free != candidates.end()
                ? *free
                : *std::min_element(candidates.begin(), candidates.end(),
                                    [&](const QRectF &a, const QRectF &b) { return overlap(a, taken) < overlap(b, taken); });
        placed.push_back(chosen);
        taken.push_back(chosen);
    }
    return placed;
}

QVariantList LabelLayout::layout(const QVariantList &labels, const QRectF &bounds) const
{
    std::vector<Label> in;
    in.reserve(labels.size());
    for (const QVariant &v : labels) {
        const QVariantMap m = v.toMap();
        in.push_back({m.value(QStringLiteral("anchor")).toRectF(), m.value(QStringLiteral("size")).toSizeF(),
                      m.value(QStringLiteral("beside")).toBool()});
    }
    QVariantList out;
    for (const QRectF &r : place(in, bounds))
        out << r;
    return out;
}
