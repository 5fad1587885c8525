// libFuzzer target for the Kosmos-2 config.json reader, also compiled into a plain replay test. A config that parses
// lists its expected tensors without running away (every size is bounded before anything is listed).
#include "nn/kosmos2/config.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
    if (j.is_discarded())
        return 0;
    try {
        const gc::nn::kosmos2::Config c = gc::nn::kosmos2::parseConfig(j, "config.json");
        (void)gc::nn::kosmos2::expectedTensors(c, true);
    } catch (const gc::io::FormatError &) {
    }
    return 0;
}
