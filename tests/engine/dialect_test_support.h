#pragma once

// Shared checks for the dialect tests: streaming prefix property, registry-free helpers.

#include "dialects/dialect.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace gc::testing {

inline bool containsPair(const GroundedText &full, const std::string &phrase, const Region &r)
{
    for (const Entity &e : full.entities) {
        if (e.phrase != phrase)
            continue;
        for (const Region &f : e.regions)
            if (f.kind == r.kind && f.maskSlot == r.maskSlot && f.sameGeometry(r, 1e-12))
                return true;
    }
    return false;
}

// Every (phrase, region) a partial decode of any prefix reports must be part of the final decode, and the
// partial decode of the whole text may not report more regions than the final one.
inline void expectPrefixProperty(const Dialect &d, std::string_view raw, DecodeOptions options = {})
{
    options.partial = false;
    const GroundedText full = d.decode(raw, options);
    options.partial = true;
    for (size_t n = 0; n <= raw.size(); ++n) {
        const GroundedText part = d.decode(raw.substr(0, n), options);
        for (const Entity &e : part.entities)
            for (const Region &r : e.regions)
                ASSERT_TRUE(containsPair(full, e.phrase, r))
                    << "prefix " << n << " reported '" << e.phrase << "' (" << r.box.x1 << "," << r.box.y1 << ","
                    << r.box.x2 << "," << r.box.y2 << ") that the final decode lacks; raw: " << raw;
        ASSERT_LE(part.regionCount(), full.regionCount()) << "prefix " << n;
    }
}

// Decoding must survive any byte soup without crashing (the fuzzers go much further).
inline void expectSurvivesGarbage(const Dialect &d, std::string_view seed)
{
    DecodeOptions o;
    for (int partial = 0; partial < 2; ++partial) {
        o.partial = partial != 0;
        std::string s(seed);
        for (size_t i = 0; i < s.size(); ++i) {
            std::string cut = s.substr(0, i) + s.substr(i + 1);
            (void)d.decode(cut, o);
            std::string dup = s.substr(0, i) + s.substr(i, 1) + s.substr(i);
            (void)d.decode(dup, o);
        }
        (void)d.decode(std::string(200000, '<'), o);
        (void)d.decode(std::string(200000, '['), o);
        (void)d.decode(std::string("\xff\xfe\xc3", 3), o);
    }
}

} // namespace gc::testing
