#pragma once

#include "dialect.h"

#include <string>
#include <vector>

namespace gc {

// Decodes a growing answer. Each feed() returns the regions that became complete with that chunk, in
// order; finish() returns the decode of the whole text, which is exactly what Dialect::decode gives.
class StreamingDecoder {
public:
    struct NewRegion {
        size_t entityIndex = 0; // index into current().entities
        std::string phrase;
        Region region;
    };

    StreamingDecoder(const Dialect &dialect, DecodeOptions options);

    std::vector<NewRegion> feed(std::string_view chunk);
    // The partial decode of everything fed so far (text safe to show, complete regions only).
    [[nodiscard]] const GroundedText &current() const { return m_current; }
    [[nodiscard]] const std::string &raw() const { return m_raw; }
    GroundedText finish();

private:
    const Dialect &m_dialect;
    DecodeOptions m_options;
    std::string m_raw;
    GroundedText m_current;
    size_t m_reported = 0; // regions reported so far, counted in decode order
};

} // namespace gc
