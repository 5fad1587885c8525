// The Jinja subset that model folders' chat templates are written in: the released Qwen2.5-VL and llava-hf
// templates (copies in tests/data/templates) give the built-in templates' text; malformed and hostile
// templates give a TemplateError, never a crash, a hang or unbounded memory.
#include "nn/llava/chat_template.h"
#include "nn/qwen25vl/chat_template.h"
#include "text/chat_template.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using gc::text::ChatTemplate;
using gc::text::TemplateError;
using json = nlohmann::json;

namespace {

std::string released(const std::string &name)
{
    std::ifstream in(std::string(GC_TEST_DATA) + "/templates/" + name + ".chat_template.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str()).at("chat_template").get<std::string>();
}

using Exchanges = std::vector<std::pair<std::string, std::string>>;
const Exchanges kHistory{{"What is in the image?", "Two cats on a sofa."},
                         {"Where is the left one?", "{\"bbox_2d\": [12, 30, 200, 180], \"label\": \"cat\"}"}};

std::string render(const std::string &source, const json &context)
{
    return ChatTemplate(source).render(context);
}

json context(const Exchanges &history, const std::string &prompt)
{
    return {{"messages", gc::text::chatMessages(history, prompt)}, {"add_generation_prompt", true}};
}

} // namespace

TEST(ChatTemplate, ReleasedQwen25VlTemplateGivesTheBuiltInText)
{
    const std::string source = released("qwen2.5-vl-3b-instruct");
    for (size_t turns = 0; turns <= kHistory.size(); ++turns) {
        const Exchanges history(kHistory.begin(), kHistory.begin() + static_cast<std::ptrdiff_t>(turns));
        EXPECT_EQ(render(source, context(history, "Count the cats. 数一数")),
                  gc::nn::qwen25vl::chatText(history, "Count the cats. 数一数"));
    }
    // a system turn of the caller's replaces the default one
    json messages = gc::text::chatMessages({}, "Hi");
    messages.insert(messages.begin(), json{{"role", "system"}, {"content", "Be brief."}});
    EXPECT_EQ(render(source, {{"messages", messages}, {"add_generation_prompt", false}}),
              "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Hi"
              "<|im_end|>\n");
}

TEST(ChatTemplate, ReleasedLlavaHfTemplateGivesTheBuiltInText)
{
    const std::string source = released("llava-1.5-7b-hf");
    const gc::nn::llava::ChatTokens tokens;
    EXPECT_EQ(render(source, context({}, "What is shown?")), gc::nn::llava::conversationText({}, "What is shown?", tokens));
    // Later turns: llava-hf's template separates an answer from the next question with a space, where the original
    // LLaVA-1.5 conversation format (the built-in) closes the answer with </s>.
    std::vector<gc::runtime::Turn> turns;
    for (const auto &[q, a] : kHistory)
        turns.push_back({q, a});
    std::string builtIn = gc::nn::llava::conversationText(turns, "And the right one?", tokens);
    for (size_t at; (at = builtIn.find("</s>")) != std::string::npos;)
        builtIn.replace(at, 4, " ");
    EXPECT_EQ(render(source, context(kHistory, "And the right one?")), builtIn);
}

TEST(ChatTemplate, SubsetSemantics)
{
    const json ctx = {{"xs", {1, 2, 3}}, {"m", {{"a", 1}, {"b", "two"}}}, {"s", "  Hi There  "}};
    const auto r = [&](const std::string &t) { return ChatTemplate(t).render(ctx); };
    EXPECT_EQ(r("{% for x in xs %}{{ loop.index0 }}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}"), "01,12,23");
    EXPECT_EQ(r("{% for x in xs if x > 1 %}{{ loop.index }}/{{ loop.length }} {% endfor %}"), "1/2 2/2 ");
    EXPECT_EQ(r("{{ s | trim }}|{{ s.strip().upper() }}|{{ xs | length }}|{{ m | tojson }}"),
              "Hi There|HI THERE|3|{\"a\": 1, \"b\": \"two\"}");
    EXPECT_EQ(r("{{ 'a' ~ 1 ~ none }}{{ 'b' + 'c' }}{{ 7 // 2 }}{{ -7 % 3 }}{{ undefinedThing }}"), "a1Nonebc32");
    EXPECT_EQ(r("{% if nope is defined %}d{% elif m.b is defined and 'a' in m %}e{% else %}f{% endif %}"), "e");
    EXPECT_EQ(r("{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{% set local = x %}{% endfor %}"
                "{{ ns.n }}{{ local is defined }}"),
              "6False");
    EXPECT_EQ(r("{% for k, v in m.items() %}{{ k }}={{ v }};{% endfor %}{{ 'yes' if xs else 'no' }}"), "a=1;b=two;yes");
    // trim_blocks and lstrip_blocks, as transformers renders; "-" strips around a tag
    EXPECT_EQ(r("<{% if true %}\n    x\n    {% endif %}\n>"), "<    x\n>");
    EXPECT_EQ(r("a  {{- 'b' -}}  c{# note #}\nd"), "abcd");
}

TEST(ChatTemplate, RaiseExceptionIsAClearError)
{
    try {
        (void)render("{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}",
                     {{"messages", {{{"role", "system"}, {"content", "x"}}}}});
        FAIL() << "no error";
    } catch (const TemplateError &e) {
        EXPECT_NE(std::string(e.what()).find("System role not supported"), std::string::npos) << e.what();
    }
}

TEST(ChatTemplate, MalformedTemplatesGiveAnErrorWithTheLine)
{
    for (const char *bad : {"{% for x in xs %}no end", "{% if %}{% endif %}", "{{ a + }}", "{% macro f() %}{% endmacro %}",
                            "{{ 'unclosed }}", "{% endfor %}", "{{ x | nosuchfilter }}", "{% if a %}{% else %}{% else %}{% endif %}",
                            "line\n{{ ) }}", "{{ a.b }}", "{# open comment", "{{ 1 / 0 }}"}) {
        try {
            (void)render(bad, json::object());
            ADD_FAILURE() << "no error for " << bad;
        } catch (const TemplateError &e) {
            EXPECT_NE(std::string(e.what()).find("line "), std::string::npos) << e.what();
        }
    }
}

TEST(ChatTemplate, HostileTemplatesStopAtTheLimits)
{
    const char *hostile[] = {
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}", // work
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", // memory
        "{% for i in range(10000000) %}{{ 'many bytes' }}{% endfor %}",                              // output
    };
    for (const char *t : hostile)
        EXPECT_THROW((void)render(t, json::object()), TemplateError) << t;
    const std::string deep = std::string(100000, '(') + "1" + std::string(100000, ')');
    EXPECT_THROW((void)render("{{ " + deep + " }}", json::object()), TemplateError);
    std::string nested;
    for (int i = 0; i < 10000; ++i)
        nested += "{% if true %}";
    EXPECT_THROW((void)render(nested, json::object()), TemplateError);
}

// Every truncation of the released templates either renders or fails with a TemplateError.
TEST(ChatTemplate, TruncatedTemplatesFailCleanly)
{
    for (const char *name : {"qwen2.5-vl-3b-instruct", "llava-1.5-7b-hf"}) {
        const std::string source = released(name);
        const json ctx = context(kHistory, "Next?");
        size_t errors = 0;
        for (size_t n = 0; n <= source.size(); ++n) {
            try {
                (void)render(source.substr(0, n), ctx);
            } catch (const TemplateError &) {
                ++errors;
            }
        }
        EXPECT_GT(errors, source.size() / 2) << name; // most cuts leave a tag or a block open
    }
}
