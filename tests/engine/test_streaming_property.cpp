// Streaming property for every dialect: decoding any prefix of an answer (partial mode) never yields a
// region that the decode of the whole answer does not contain, and streaming ends in the full decode.
#include "dialects/registry.h"
#include "dialects/streaming_decoder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <dirent.h>
#include <fstream>

using namespace gc;

namespace {

struct Sample {
    std::string dialect;
    std::string text;
    SizeI image;
    std::string task;
};

std::string familyOf(const std::string &id)
{
    for (const char *prefix : {"qwen2.5-vl", "qwen3-vl", "gemini"})
        if (id.rfind(prefix, 0) == 0)
            return prefix;
    return id;
}

std::vector<Sample> samples()
{
    std::vector<Sample> out;
    if (DIR *d = opendir(GC_TEST_DATA)) {
        while (dirent *e = readdir(d)) {
            const std::string name = e->d_name;
            if (name.rfind("dialect-examples", 0) != 0)
                continue;
            std::ifstream in(std::string(GC_TEST_DATA) + "/" + name);
            std::string line;
            while (std::getline(in, line)) {
                if (line.empty())
                    continue;
                const auto j = nlohmann::json::parse(line);
                if (!j["text"].is_string())
                    continue;
                Sample s{familyOf(j["dialect"]), j["text"], {640, 480}, j.value("task", "")};
                if (j["image_size"].is_array())
                    s.image = {j["image_size"][0], j["image_size"][1]};
                out.push_back(s);
            }
        }
        closedir(d);
    }
    // Answers in the forms each family writes (see each dialect's own tests for the sources).
    const std::vector<std::pair<std::string, std::string>> extra = {
        {"shikra", "The man [0.102,0.230,0.500,0.871] is holding a cup [0.600,0.210,0.888,0.870;0.1,0.1,0.2,0.2]."},
        {"minigpt-v2", "<p>a dog</p> {<10><20><50><60>}<delim>{<55><20><90><70>} and <p>a ball</p> {<1><2><3><4>}"},
        {"ferret", "There is a dog [120, 300, 560, 900] next to a cat [600, 310, 980, 890]."},
        {"groundinggpt", "A woman [0.120, 0.300, 0.560, 0.900][0.6, 0.3, 0.9, 0.8] holds an umbrella [0.1, 0.1, 0.4, 0.3]."},
        {"groma", "<p>a man</p><roi><r0><r2></roi> rides <p>a horse</p><roi><r1></roi>."},
        {"llava-grounding", "<g_s> A man <g_e> <seg> is riding <g_s> a horse <g_e> <seg>."},
        {"glamm", "<p> A man </p> [SEG] is riding <p> a horse </p> [SEG]."},
        {"qwen-vl", "<ref>击掌</ref><box>(211,412),(577,891)</box><box>(1,2),(3,4)</box>"},
        {"qwen2-vl", "<|object_ref_start|>the cat<|object_ref_end|><|box_start|>(228,320),(961,970)<|box_end|>"},
        {"internvl", "<ref>the middle leopard</ref><box>[[330, 288, 649, 677], [1, 2, 30, 40]]</box>"},
        {"cogvlm", "A man [[086,540,400,760]] stands near a car [[500,500,900,900;100,100,200,200]]."},
        {"cogagent", "CLICK(box=[[387,248,727,317]], element_type='button', element_info='Search')"},
        {"molmo", "<point x=\"61.5\" y=\"40.6\" alt=\"cup\">cup</point> and <points x1=\"10.0\" y1=\"20.0\" "
                  "x2=\"30.5\" y2=\"40.5\" alt=\"dots\">dots</points>"},
        {"gemini", "```json\n[{\"box_2d\": [100, 200, 300, 400], \"label\": \"cat\"}, {\"point\": [500, 600], \"label\": \"dot\"}]\n```"},
        {"qwen2.5-vl", "<points x1=\"100\" y1=\"200\" alt=\"a dot\">a dot</points> then "
                       "<p data-bbox=\"10 20 300 400\">Title</p>"},
    };
    for (const auto &[d, t] : extra)
        out.push_back({d, t, {640, 480}, {}});
    return out;
}

struct Key {
    std::string phrase;
    Region region;
};

std::vector<Key> keys(const GroundedText &t)
{
    std::vector<Key> v;
    for (const Entity &e : t.entities)
        for (const Region &r : e.regions)
            v.push_back({e.phrase, r});
    return v;
}

} // namespace

TEST(StreamingProperty, EveryPrefixYieldsOnlyFinalRegions)
{
    const auto all = samples();
    ASSERT_GE(all.size(), 30u);
    for (const Sample &s : all) {
        const Dialect *d = dialects::find(s.dialect);
        ASSERT_NE(d, nullptr) << s.dialect;
        DecodeOptions options;
        options.imageSize = s.image;
        options.task = s.task;
        if (d->info().caps.proposals)
            options.proposals = {{0.1, 0.1, 0.5, 0.5}, {0.2, 0.2, 0.6, 0.6}, {0.3, 0.3, 0.9, 0.9}};
        const GroundedText full = d->decode(s.text, options);
        const std::vector<Key> finalKeys = keys(full);
        DecodeOptions partial = options;
        partial.partial = true;
        for (size_t n = 0; n <= s.text.size(); ++n) {
            const GroundedText pre = d->decode(std::string_view(s.text).substr(0, n), partial);
            for (const Key &k : keys(pre)) {
                const bool found = std::any_of(finalKeys.begin(), finalKeys.end(), [&](const Key &f) {
                    return f.phrase == k.phrase && f.region.sameGeometry(k.region, 1e-9);
                });
                EXPECT_TRUE(found) << s.dialect << ": prefix of " << n << " bytes reports a region ('" << k.phrase
                                   << "' " << k.region.box.x1 << "," << k.region.box.y1 << "," << k.region.box.x2
                                   << "," << k.region.box.y2 << ") the full answer does not have:\n"
                                   << s.text.substr(0, n);
                if (!found)
                    break;
            }
        }
        // Streaming token by token ends exactly at the one-shot decode, reporting each region once.
        StreamingDecoder stream(*d, options);
        size_t reported = 0;
        for (size_t i = 0; i < s.text.size(); i += 3)
            reported += stream.feed(std::string_view(s.text).substr(i, 3)).size();
        const GroundedText streamed = stream.finish();
        EXPECT_EQ(streamed.text, full.text) << s.dialect;
        EXPECT_EQ(streamed.regionCount(), full.regionCount()) << s.dialect;
        EXPECT_LE(reported, full.regionCount()) << s.dialect;
    }
}

TEST(StreamingProperty, CompleteRegionsAppearBeforeTheAnswerEnds)
{
    // A Kosmos-2 box is reported as soon as its </object> arrives, long before the answer ends.
    const Dialect *d = dialects::find("kosmos2");
    ASSERT_NE(d, nullptr);
    StreamingDecoder stream(*d, {});
    EXPECT_TRUE(stream.feed("<grounding> An image of<phrase> a snowman</phrase><object><patch_index_0044>").empty());
    const auto fresh = stream.feed("<patch_index_0863></object> warming himself by");
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_EQ(fresh[0].phrase, "a snowman");
    EXPECT_EQ(stream.current().text.find("<patch"), std::string::npos) << "no half-written tag is shown";
}
