// The app's generation settings and the CLI's options, set alike, give the same sampling: both go through
// the runtime's one rule (runtime/sampling_rule.h), over a folder that samples by default and one that does not.
#include "cli_ask.h"
#include "localbackend.h"

#include "runtime/sampling_rule.h"

#include <QtTest>

namespace {

std::string describe(const gc::runtime::SamplingParams &p)
{
    return "doSample=" + std::to_string(p.doSample) + " T=" + std::to_string(p.temperature) + " k=" + std::to_string(p.topK)
           + " p=" + std::to_string(p.topP) + " seed=" + std::to_string(p.seed) + " max=" + std::to_string(p.maxNewTokens)
           + " ngram=" + std::to_string(p.noRepeatNgramSize);
}

} // namespace

class TestSamplingRule : public QObject
{
    Q_OBJECT

private slots:
    void appAndCliAgree_data()
    {
        QTest::addColumn<double>("temperature");
        QTest::addColumn<double>("topP");
        QTest::addColumn<int>("topK");
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("maxNewTokens");
        QTest::addColumn<bool>("samples");
        QTest::newRow("the app's defaults: greedy") << 0.0 << 1.0 << 0 << 0 << 128 << false;
        QTest::newRow("temperature 0 with top-k and top-p: greedy") << 0.0 << 0.5 << 10 << 3 << 32 << false;
        QTest::newRow("temperature 0.7, top-k off") << 0.7 << 1.0 << 0 << 0 << 128 << true;
        QTest::newRow("temperature, top-p, top-k and seed") << 1.3 << 0.9 << 40 << 5 << 64 << true;
    }
    void appAndCliAgree()
    {
        QFETCH(double, temperature);
        QFETCH(double, topP);
        QFETCH(int, topK);
        QFETCH(int, seed);
        QFETCH(int, maxNewTokens);
        QFETCH(bool, samples);
        GenerationSettings app;
        app.temperature = temperature;
        app.topP = topP;
        app.topK = topK;
        app.seed = seed;
        app.maxNewTokens = maxNewTokens;
        const gc::cli::Args cli({"--temperature", std::to_string(temperature), "--top-p", std::to_string(topP), "--top-k",
                                 std::to_string(topK), "--seed", std::to_string(seed), "--max-new-tokens",
                                 std::to_string(maxNewTokens)},
                                {"temperature", "top-p", "top-k", "seed", "max-new-tokens"}, {});
        gc::runtime::SamplingParams architecture;
        architecture.noRepeatNgramSize = 3;
        const nlohmann::json folders[] = {nlohmann::json::object(), {{"do_sample", true}, {"temperature", 0.6}, {"top_k", 20}}};
        for (const nlohmann::json &config : folders) {
            const gc::runtime::SamplingParams defaults = gc::runtime::folderSamplingDefaults(config, architecture);
            const gc::runtime::SamplingParams fromApp = gc::runtime::resolveSampling(defaults, generationParams(app));
            const gc::runtime::SamplingParams fromCli = gc::runtime::resolveSampling(defaults, gc::cli::generationOptions(cli));
            QCOMPARE(describe(fromApp), describe(fromCli));
            QCOMPARE(fromApp.doSample, samples);
        }
    }
};

QTEST_GUILESS_MAIN(TestSamplingRule)
#include "tst_samplingrule.moc"
