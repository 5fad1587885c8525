#include "cli_demo.h"

#include "args.h"
#include "demo/scene.h"
#include "io/image_loader.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

namespace gc::cli {

int runDemoScene(const std::vector<std::string> &argv)
{
    const Args args(argv, {"seed", "out", "size"}, {"json"});
    const std::string out = args.required("out");
    // Without --seed, a fresh scene each time; the seed is printed so it can be drawn again.
    const uint64_t seed = args.value("seed")
                              ? uint64_t(parseInteger("seed", *args.value("seed"), 0, (1ll << 53)))
                              : uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) % (1ull << 40);
    demo::Scene scene;
    if (const auto size = args.value("size")) {
        const SizeI s = parseSize("size", *size);
        if (s.width > 20000 || s.height > 20000)
            throw UsageError("--size: at most 20000 pixels a side");
        // ten objects a megapixel, each 36-56 pixels: a few pixels each when the demo model sees the whole
        scene = demo::makeLargeScene(seed, s, std::max(1, int(double(s.width) * s.height / 1e5)), 36, 56);
    } else {
        scene = demo::makeScene(seed);
    }
    try {
        io::saveImageRgb(out, scene.image);
    } catch (const std::exception &e) {
        throw InputError(std::string("cannot write ") + out + ": " + e.what());
    }
    if (!args.has("json")) {
        std::printf("%s (seed %llu, %zu objects)\n", out.c_str(), static_cast<unsigned long long>(seed),
                    scene.objects.size());
        return 0;
    }
    nlohmann::json objects = nlohmann::json::array();
    for (const demo::Object &o : scene.objects)
        objects.push_back({{"colour", demo::colourName(o.colour)},
                           {"shape", demo::shapeName(o.shape)},
                           {"box", {o.box.x1, o.box.y1, o.box.x2, o.box.y2}}});
    std::printf("%s\n", nlohmann::json{{"image", out},
                                       {"seed", seed},
                                       {"width", scene.image.width},
                                       {"height", scene.image.height},
                                       {"objects", objects}}
                            .dump()
                            .c_str());
    return 0;
}

} // namespace gc::cli
