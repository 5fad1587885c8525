#include "demo/score.h"

#include "dialects/registry.h"

#include <algorithm>
#include <stdexcept>
#include <cctype>
#include <set>
#include <sstream>

namespace gc::demo {

namespace {

std::string normalise(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '.'))
        s.pop_back();
    size_t b = 0;
    while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    return s.substr(b);
}

// The (colour, shape) a phrase names, or -1s when it names none.
std::pair<int, int> kindOf(const std::string &phrase)
{
    std::istringstream in(normalise(phrase));
    std::string w;
    int colour = -1, shape = -1;
    while (in >> w) {
        for (int c = 0; c < kColours; ++c)
            if (w == colourName(Colour(c)))
                colour = c;
        for (int s = 0; s < kShapes; ++s)
            if (w == shapeName(Shape(s)) || w == shapePlural(Shape(s)))
                shape = s;
    }
    return {colour, shape};
}

} // namespace

Score scoreAnswer(const Scene &scene, const Example &ex, const std::string &answer, const GroundedText &g)
{
    Score sc;
    sc.total = 1;
    switch (ex.task) {
    case Task::Refer: {
        const Box &truth = scene.objects[size_t(ex.targets.at(0))].box;
        for (const Entity &e : g.entities)
            for (const Region &r : e.regions) {
                sc.correct = iou(r.box, truth) >= 0.5 ? 1 : 0;
                return sc; // the first box is the answer
            }
        return sc;
    }
    case Task::Region:
    case Task::Count:
        sc.correct = normalise(answer) == normalise(ex.expected) ? 1 : 0;
        return sc;
    case Task::Caption: {
        // Phrases: each (colour, shape) group of the scene named with the right count word.
        std::set<std::string> named;
        std::set<std::pair<int, int>> namedKinds;
        for (const Entity &e : g.entities) {
            named.insert(normalise(e.phrase));
            namedKinds.insert(kindOf(e.phrase));
        }
        std::set<std::pair<int, int>> kinds;
        for (const Object &o : scene.objects)
            kinds.insert({int(o.colour), int(o.shape)});
        sc.phrases = int(kinds.size());
        for (const auto &[c, s] : kinds) {
            int n = 0;
            for (const Object &o : scene.objects)
                n += int(o.colour) == c && int(o.shape) == s;
            const bool found = named.count(kindPhrase(Colour(c), Shape(s), n)) > 0;
            sc.phrasesFound += found ? 1 : 0;
            sc.phrasesMiscounted += !found && namedKinds.count({c, s}) ? 1 : 0;
        }
        // Boxes: each object matched one-to-one to a predicted box of its kind with IoU >= 0.5.
        sc.total = int(scene.objects.size());
        std::vector<bool> used;
        std::vector<std::pair<std::pair<int, int>, Box>> preds;
        for (const Entity &e : g.entities)
            for (const Region &r : e.regions)
                preds.push_back({kindOf(e.phrase), r.box});
        used.assign(preds.size(), false);
        for (const Object &o : scene.objects) {
            int best = -1;
            double bestIou = 0.5;
            for (size_t i = 0; i < preds.size(); ++i) {
                if (used[i] || preds[i].first != std::make_pair(int(o.colour), int(o.shape)))
                    continue;
                const double v = iou(preds[i].second, o.box);
                if (v >= bestIou) {
                    bestIou = v;
                    best = int(i);
                }
            }
            if (best >= 0) {
                used[size_t(best)] = true;
                ++sc.correct;
            }
        }
        return sc;
    }
    }
    return sc;
}

Score scoreRawAnswer(const Scene &scene, const Example &ex, const std::string &answer, const std::string &raw,
                     GroundedText *decoded)
{
    static const Dialect *kosmos2 = dialects::find("kosmos2");
    if (!kosmos2)
        throw std::logic_error("kosmos2 dialect not registered");
    DecodeOptions opts;
    opts.imageSize = {scene.image.width, scene.image.height};
    GroundedText g = kosmos2->decode(raw, opts);
    if (g.normalized)
        g = g.toPixels(opts.imageSize);
    const Score sc = scoreAnswer(scene, ex, answer, g);
    if (decoded)
        *decoded = std::move(g);
    return sc;
}

Scene heldOutScene(uint64_t seed, int i) { return makeScene(seed * 1000003ull + uint64_t(i) + (1ull << 40)); }

} // namespace gc::demo
