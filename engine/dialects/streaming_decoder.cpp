#include "streaming_decoder.h"

#include <algorithm>

namespace gc {

StreamingDecoder::StreamingDecoder(const Dialect &dialect, DecodeOptions options)
    : m_dialect(dialect), m_options(std::move(options))
{
    m_options.partial = true;
}

std::vector<StreamingDecoder::NewRegion> StreamingDecoder::feed(std::string_view chunk)
{
    m_raw.append(chunk);
    m_current = m_dialect.decode(m_raw, m_options);
    std::vector<NewRegion> fresh;
    size_t index = 0;
    for (size_t e = 0; e < m_current.entities.size(); ++e) {
        const Entity &entity = m_current.entities[e];
        for (const Region &r : entity.regions) {
            if (index++ >= m_reported)
                fresh.push_back({e, entity.phrase, r});
        }
    }
    m_reported = std::max(m_reported, index);
    return fresh;
}

GroundedText StreamingDecoder::finish()
{
    DecodeOptions full = m_options;
    full.partial = false;
    m_current = m_dialect.decode(m_raw, full);
    return m_current;
}

} // namespace gc
