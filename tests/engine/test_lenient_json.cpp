// Lenient JSON as models write it. Inputs follow the four cases roboflow/supervision's
// from_qwen_2_5_vl tests exercise (test/detection/test_vlm.py@7f7b25d7): fenced, prose around,
// single quotes, truncated.
#include "dialects/lenient_json.h"

#include <gtest/gtest.h>

#include <string>

using gc::dialects::parseLenientJson;

TEST(LenientJson, FencedWithProse)
{
    const std::string t = "Here you go:\n```json\n[{\"bbox_2d\": [1, 2, 3, 4], \"label\": \"dog\"}]\n```\nDone.";
    const auto r = parseLenientJson(t);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.value[0]["label"], "dog");
    EXPECT_EQ(t.substr(r.begin, 3), "```");
    EXPECT_EQ(t.substr(r.end), "\nDone.");
    EXPECT_FALSE(r.truncated);
}

TEST(LenientJson, PythonLiterals)
{
    const auto r = parseLenientJson("[{'bbox_2d': (10, 20, 110, 120), 'label': 'cat\\'s \"toy\"', 'ok': True, 'x': None,},]");
    ASSERT_TRUE(r.ok);
    EXPECT_TRUE(r.repaired);
    EXPECT_EQ(r.value[0]["label"], "cat's \"toy\"");
    EXPECT_EQ(r.value[0]["bbox_2d"][3], 120);
    EXPECT_EQ(r.value[0]["ok"], true);
    EXPECT_TRUE(r.value[0]["x"].is_null());
}

TEST(LenientJson, TruncatedKeepsCompleteObjects)
{
    const auto r = parseLenientJson("```json\n[{\"bbox_2d\": [1, 2, 3, 4], \"label\": \"a\"}, {\"bbox_2d\": [5, 6, 7");
    ASSERT_TRUE(r.ok);
    EXPECT_TRUE(r.truncated);
    ASSERT_EQ(r.value.size(), 1u);
    EXPECT_EQ(r.value[0]["label"], "a");
    // a wrapper object keeps its complete members
    const auto w = parseLenientJson("{\"objects\": [{\"x_min\": 0.1}, {\"x_min\": 0.");
    ASSERT_TRUE(w.ok);
    EXPECT_EQ(w.value["objects"].size(), 1u);
    // a number at the very end may still grow, a string may still be open
    EXPECT_EQ(parseLenientJson("[1, 2, 3").value.size(), 2u);
    EXPECT_EQ(parseLenientJson("[\"ab\", \"c").value.size(), 1u);
}

TEST(LenientJson, RejectsAndNeverThrows)
{
    EXPECT_FALSE(parseLenientJson("no json here").ok);
    EXPECT_FALSE(parseLenientJson("[1, 2 <oops> ]").ok);
    EXPECT_FALSE(parseLenientJson(std::string(100000, '[')).ok); // beyond the depth limit
    EXPECT_FALSE(parseLenientJson(std::string(1000000, '{')).ok);
    const auto lone = parseLenientJson("[\"\\ud800\", \"\xff\"]"); // lone surrogate, invalid UTF-8
    ASSERT_TRUE(lone.ok);
    EXPECT_EQ(lone.value.size(), 2u);
    std::string big = "[";
    for (int i = 0; i < 100000; ++i)
        big += "{\"a\": [1,2,3,4]},";
    EXPECT_EQ(parseLenientJson(big).value.size(), 100000u);
    for (const char *s : {"[", "{", "[,]", "{'a'}", "[1e999]", "{\"a\":}", "[--1]", "['\\u12", "{a: tru"})
        (void)parseLenientJson(s);
}
