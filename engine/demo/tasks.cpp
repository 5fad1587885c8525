#include "demo/tasks.h"

#include "dialects/registry.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace gc::demo {

namespace {

const Dialect &kosmos2()
{
    static const Dialect *d = dialects::find("kosmos2");
    if (!d)
        throw std::logic_error("kosmos2 dialect not registered");
    return *d;
}

std::string encodeOrThrow(const EncodeRequest &req)
{
    EncodeResult r = kosmos2().encode(req);
    if (!r.ok)
        throw std::logic_error("kosmos2 encode: " + r.error);
    return r.text;
}

bool isLarge(const Object &o, const Scene &s)
{
    return o.size() > 0.21 * std::min(s.image.width, s.image.height);
}

double cx(const Object &o) { return o.box.center().x; }
double cy(const Object &o) { return o.box.center().y; }

// Whether a stands in `rel` to b, with a margin so the relation is clear in the picture.
bool related(const Object &a, const Object &b, int rel, const Scene &s)
{
    const double mx = 0.06 * s.image.width, my = 0.06 * s.image.height;
    switch (rel) {
    case 0: return cx(a) + mx < cx(b) && a.box.x2 <= b.box.x1 + mx;
    case 1: return cx(a) > cx(b) + mx && a.box.x1 + mx >= b.box.x2;
    case 2: return cy(a) + my < cy(b) && a.box.y2 <= b.box.y1 + my;
    default: return cy(a) > cy(b) + my && a.box.y1 + my >= b.box.y2;
    }
}
const char *relName(int rel)
{
    static const char *n[] = {"left of", "right of", "above", "below"};
    return n[rel];
}

std::string colourShape(const Object &o) { return std::string(colourName(o.colour)) + " " + shapeName(o.shape); }

// Candidate expressions that pick out only object t.
std::vector<std::string> referringExpressions(const Scene &s, int t)
{
    const auto &obj = s.objects;
    const Object &o = obj[size_t(t)];
    std::vector<int> same, sameShape;
    for (int i = 0; i < int(obj.size()); ++i) {
        if (obj[size_t(i)].shape == o.shape) {
            sameShape.push_back(i);
            if (obj[size_t(i)].colour == o.colour)
                same.push_back(i);
        }
    }
    std::vector<std::string> out;
    const std::string cs = colourShape(o);
    const std::string size = isLarge(o, s) ? "large " : "small ";
    if (sameShape.size() == 1)
        out.push_back(std::string("the ") + shapeName(o.shape));
    if (same.size() == 1) {
        out.push_back("the " + cs);
        out.push_back("the " + size + cs);
    } else {
        int sameSize = 0;
        for (int i : same)
            sameSize += isLarge(obj[size_t(i)], s) == isLarge(o, s);
        if (sameSize == 1)
            out.push_back("the " + size + cs);
        // Extremes among its look-alikes, when clearly apart from the runner-up.
        const char *ext[] = {"leftmost", "rightmost", "topmost", "bottom"};
        for (int e = 0; e < 4; ++e) {
            bool best = true;
            for (int i : same) {
                if (i == t)
                    continue;
                const Object &p = obj[size_t(i)];
                const double d = e == 0 ? cx(p) - cx(o) : e == 1 ? cx(o) - cx(p) : e == 2 ? cy(p) - cy(o) : cy(o) - cy(p);
                const double margin = 0.08 * (e < 2 ? s.image.width : s.image.height);
                if (d < margin)
                    best = false;
            }
            if (best)
                out.push_back(std::string("the ") + ext[e] + " " + cs);
        }
    }
    // Relations to an anchor that is itself unique by colour and shape.
    for (int a = 0; a < int(obj.size()); ++a) {
        if (a == t)
            continue;
        const Object &anchor = obj[size_t(a)];
        int twins = 0;
        for (const Object &p : obj)
            twins += p.shape == anchor.shape && p.colour == anchor.colour;
        if (twins != 1)
            continue;
        for (int rel = 0; rel < 4; ++rel) {
            if (!related(o, anchor, rel, s))
                continue;
            bool unique = true;
            for (int i : same)
                if (i != t && related(obj[size_t(i)], anchor, rel, s))
                    unique = false;
            if (unique)
                out.push_back("the " + cs + " " + relName(rel) + " the " + colourShape(anchor));
        }
    }
    return out;
}

template <typename T>
const T &choose(const std::vector<T> &v, std::mt19937_64 &rng)
{
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

} // namespace

const char *taskName(Task t)
{
    static const char *n[] = {"caption", "refer", "region", "count"};
    return n[int(t)];
}

std::string kindPhrase(Colour c, Shape s, int n)
{
    return n == 1 ? std::string(articleFor(c)) + " " + colourName(c) + " " + shapeName(s)
                  : std::string(numberWord(n)) + " " + colourName(c) + " " + shapePlural(s);
}

const char *numberWord(int n)
{
    static const char *w[] = {"zero", "one", "two", "three", "four", "five", "six"};
    return n >= 0 && n <= 6 ? w[n] : "many";
}

std::string objectTokens(const std::vector<Box> &boxes, SizeI image)
{
    EncodeRequest req;
    req.imageSize = image;
    for (const Box &b : boxes) {
        PromptRegion r;
        r.box = b;
        req.regions.push_back(r);
    }
    return encodeOrThrow(req);
}

Example makeExample(const Scene &s, Task task, std::mt19937_64 &rng)
{
    Example ex;
    ex.task = task;
    const SizeI size{s.image.width, s.image.height};
    const int n = int(s.objects.size());
    switch (task) {
    case Task::Caption: {
        // One phrase per (colour, shape) group, groups and their boxes left to right.
        std::vector<int> order(size_t(n), 0);
        for (int i = 0; i < n; ++i)
            order[size_t(i)] = i;
        std::sort(order.begin(), order.end(), [&](int a, int b) { return cx(s.objects[size_t(a)]) < cx(s.objects[size_t(b)]); });
        std::vector<std::vector<int>> groups;
        for (int i : order) {
            auto it = std::find_if(groups.begin(), groups.end(), [&](const std::vector<int> &g) {
                return s.objects[size_t(g[0])].shape == s.objects[size_t(i)].shape &&
                       s.objects[size_t(g[0])].colour == s.objects[size_t(i)].colour;
            });
            if (it == groups.end())
                groups.push_back({i});
            else
                it->push_back(i);
        }
        ex.prompt = "<grounding>An image of";
        for (size_t g = 0; g < groups.size(); ++g) {
            const Object &o = s.objects[size_t(groups[g][0])];
            const int k = int(groups[g].size());
            const std::string phrase = kindPhrase(o.colour, o.shape, k);
            std::vector<Box> boxes;
            for (int i : groups[g]) {
                boxes.push_back(s.objects[size_t(i)].box);
                ex.targets.push_back(i);
            }
            ex.answer += (g ? " and <phrase> " : " <phrase> ") + phrase + "</phrase>" + objectTokens(boxes, size);
        }
        ex.answer += ".";
        break;
    }
    case Task::Refer: {
        std::vector<int> idx(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            idx[size_t(i)] = i;
        std::shuffle(idx.begin(), idx.end(), rng);
        for (int t : idx) {
            const auto exprs = referringExpressions(s, t);
            if (exprs.empty())
                continue;
            ex.expected = choose(exprs, rng);
            ex.targets = {t};
            break;
        }
        if (ex.targets.empty()) // only indistinguishable twins: name the leftmost plainly
            throw std::runtime_error("no referable object");
        ex.prompt = "<grounding><phrase> " + ex.expected + "</phrase>";
        ex.answer = objectTokens({s.objects[size_t(ex.targets[0])].box}, size);
        break;
    }
    case Task::Region: {
        const int t = std::uniform_int_distribution<int>(0, n - 1)(rng);
        const Object &o = s.objects[size_t(t)];
        // A user's box is never tight: jitter each edge by up to 8% of the object's size.
        const double j = 0.08 * o.size();
        auto jit = [&] { return std::uniform_real_distribution<double>(-j, j)(rng); };
        Box b{o.box.x1 + jit(), o.box.y1 + jit(), o.box.x2 + jit(), o.box.y2 + jit()};
        b = {std::max(0.0, b.x1), std::max(0.0, b.y1), std::min<double>(size.width, b.x2), std::min<double>(size.height, b.y2)};
        EncodeRequest req;
        req.imageSize = size;
        req.task = "region";
        PromptRegion r;
        r.box = b;
        req.regions.push_back(r);
        ex.prompt = encodeOrThrow(req);
        ex.targets = {t};
        ex.expected = kindPhrase(o.colour, o.shape, 1);
        ex.answer = " " + ex.expected + ".";
        break;
    }
    case Task::Count: {
        // Mostly about what is there; sometimes about something absent (answer zero).
        const Object &o = s.objects[std::uniform_int_distribution<size_t>(0, size_t(n) - 1)(rng)];
        Shape shape = o.shape;
        Colour colour = o.colour;
        if (std::uniform_int_distribution<int>(0, 4)(rng) == 0) {
            shape = Shape(std::uniform_int_distribution<int>(0, kShapes - 1)(rng));
            colour = Colour(std::uniform_int_distribution<int>(0, kColours - 1)(rng));
        }
        const int kind = std::uniform_int_distribution<int>(0, 3)(rng); // colour+shape, shape, colour, all
        std::string q;
        int count = 0;
        for (int i = 0; i < n; ++i) {
            const Object &p = s.objects[size_t(i)];
            if ((kind == 0 && p.shape == shape && p.colour == colour) || (kind == 1 && p.shape == shape) ||
                (kind == 2 && p.colour == colour) || kind == 3) {
                ++count;
                ex.targets.push_back(i);
            }
        }
        if (kind == 0)
            q = std::string("How many ") + colourName(colour) + " " + shapePlural(shape) + " are there?";
        else if (kind == 1)
            q = std::string("How many ") + shapePlural(shape) + " are there?";
        else if (kind == 2)
            q = std::string("How many ") + colourName(colour) + " shapes are there?";
        else
            q = "How many shapes are there?";
        ex.prompt = "<grounding>Question: " + q + " Answer:";
        ex.expected = numberWord(count);
        ex.answer = " " + ex.expected + ".";
        break;
    }
    }
    return ex;
}

} // namespace gc::demo
