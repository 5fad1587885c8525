#pragma once

// Reads tests/data/dialect-examples.jsonl and compares a decode with an example's `expected` list.

#include "dialects/dialect.h"
#include "dialects/json_output.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace gc::testing {

inline std::vector<nlohmann::json> examplesFor(const std::string &dialectId)
{
    std::vector<nlohmann::json> out;
    std::ifstream in(std::string(GC_TEST_DATA) + "/dialect-examples.jsonl");
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) {
            auto j = nlohmann::json::parse(line);
            if (j.value("dialect", "") == dialectId)
                out.push_back(std::move(j));
        }
    return out;
}

// Flat coordinate lists of one entity in the example's `space`, in the order boxes, points, polygons, quads.
inline std::vector<std::vector<double>> coordsIn(const Entity &e, const GroundedText &g, const std::string &space,
                                                 SizeI image)
{
    double sx = 1, sy = 1;
    if (space == "pixels") {
        sx = image.width;
        sy = image.height;
    } else if (space == "normalized-0-1000") {
        sx = sy = 1000;
    } else if (space == "normalized-0-999") {
        sx = sy = 999;
    }
    if (!g.normalized)
        sx = sy = 1;
    std::vector<std::vector<double>> v;
    for (const Region &r : e.regions) {
        if (r.kind == RegionKind::Box)
            v.push_back({r.box.x1 * sx, r.box.y1 * sy, r.box.x2 * sx, r.box.y2 * sy});
        else {
            std::vector<double> flat;
            for (const PointF &p : r.points) {
                flat.push_back(p.x * sx);
                flat.push_back(p.y * sy);
            }
            v.push_back(flat);
        }
    }
    return v;
}

// Each expected entity must appear, in order, with its phrase and every coordinate within `tol`.
inline void expectMatchesExample(const GroundedText &got, const nlohmann::json &ex, double tol)
{
    SizeI image{1000, 1000};
    if (ex["image_size"].is_array())
        image = {ex["image_size"][0].get<int>(), ex["image_size"][1].get<int>()};
    GroundedText g = got;
    if (ex.contains("classes") && ex["classes"].is_array())
        applyClassFilter(g, ex["classes"].get<std::vector<std::string>>());
    const auto &expected = ex["expected"];
    ASSERT_EQ(g.entities.size(), expected.size()) << ex["source"] << "\ntext: " << g.text;
    for (size_t i = 0; i < expected.size(); ++i) {
        const auto &x = expected[i];
        const Entity &e = g.entities[i];
        if (x["phrase"].is_string()) {
            EXPECT_EQ(e.phrase, x["phrase"].get<std::string>()) << ex["source"];
        }
        std::vector<std::vector<double>> want;
        for (const char *key : {"boxes", "points", "polygons", "quad_boxes"})
            if (x.contains(key))
                for (const auto &c : x[key])
                    want.push_back(c.is_array() && !c.empty() && c[0].is_array()
                                       ? [&] {
                                             std::vector<double> f;
                                             for (const auto &p : c)
                                                 for (const auto &n : p)
                                                     f.push_back(n.get<double>());
                                             return f;
                                         }()
                                       : c.get<std::vector<double>>());
        const auto have = coordsIn(e, g, x.value("space", "pixels"), image);
        ASSERT_EQ(have.size(), want.size()) << ex["source"] << " entity " << i;
        for (size_t r = 0; r < want.size(); ++r) {
            ASSERT_EQ(have[r].size(), want[r].size()) << ex["source"];
            for (size_t k = 0; k < want[r].size(); ++k)
                EXPECT_NEAR(have[r][k], want[r][k], tol) << ex["source"] << " entity " << i << " value " << k;
        }
        if (x.contains("class_id")) {
            EXPECT_EQ(e.classId, x["class_id"].get<int>());
        }
    }
}

} // namespace gc::testing
