// PLACEHOLDER: replaced by the real codec (work in progress).
#include "factories.h"

namespace gc::dialects {
namespace {
class Placeholder final : public Dialect {
public:
    explicit Placeholder(std::string id) { m_info.id = std::move(id); m_info.displayName = m_info.id; }
    const DialectInfo &info() const override { return m_info; }
    GroundedText decode(std::string_view raw, const DecodeOptions &) const override { GroundedText t; t.text = std::string(raw); return t; }
    EncodeResult encode(const EncodeRequest &) const override { return {false, {}, "not implemented"}; }
private:
    DialectInfo m_info;
};
} // namespace
std::unique_ptr<Dialect> makeFlorence2() { return std::make_unique<Placeholder>("florence2"); }
} // namespace gc::dialects
