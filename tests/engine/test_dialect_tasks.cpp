// Every family's task prompts: a task about a region is a complete prompt once the region is written in,
// and says so when no region is given; a task about words takes the user's words.
#include "dialects/registry.h"

#include <gtest/gtest.h>

using namespace gc;

TEST(DialectTasks, RegionTasksWriteTheRegionIntoTheirQuestion)
{
    for (const Dialect *d : dialects::all()) {
        for (const TaskPrompt &t : d->info().tasks) {
            if (!t.needsRegion)
                continue;
            const std::string where = d->info().id + "/" + t.id;
            EncodeRequest req;
            req.imageSize = {640, 480};
            req.task = t.id;
            const EncodeResult none = d->encode(req);
            EXPECT_FALSE(none.ok) << where;
            EXPECT_NE(none.error.find("region"), std::string::npos) << where << ": " << none.error;

            PromptRegion box;
            box.box = {64, 48, 320, 240};
            req.regions = {box};
            const EncodeResult one = d->encode(req);
            ASSERT_EQ(one.ok, d->info().caps.boxIn) << where << ": " << one.error;
            if (!one.ok)
                continue;
            EXPECT_EQ(one.text.find("{input}"), std::string::npos) << where << ": " << one.text;
            // a family that writes coordinates has the region in the prompt: another box, another prompt
            // (the others mark its place and take the box beside the text)
            req.regions.front().box = {320, 240, 640, 480};
            if (d->info().space != CoordSpace::None)
                EXPECT_NE(d->encode(req).text, one.text) << where;
        }
    }
}

TEST(DialectTasks, WordTasksTakeTheUsersWords)
{
    for (const Dialect *d : dialects::all()) {
        for (const TaskPrompt &t : d->info().tasks) {
            if (t.needsRegion || t.templ.find("{input}") == std::string::npos)
                continue;
            const std::string where = d->info().id + "/" + t.id;
            EncodeRequest req;
            req.imageSize = {640, 480};
            req.task = t.id;
            req.phrase = "the striped cat";
            const EncodeResult r = d->encode(req);
            ASSERT_TRUE(r.ok) << where << ": " << r.error;
            EXPECT_NE(r.text.find("the striped cat"), std::string::npos) << where << ": " << r.text;
            EXPECT_EQ(r.text.find("{input}"), std::string::npos) << where << ": " << r.text;
        }
    }
}
