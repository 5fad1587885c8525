#include "runtime/prompt_layout.h"

#include <algorithm>

namespace gc::runtime {

PromptBatch PromptBatch::single(const PromptLayout &layout)
{
    return {{layout.ids}, {0}, {layout.images}, {layout.regions}};
}

PromptBatch PromptBatch::leftPadded(const std::vector<PromptLayout> &layouts, int64_t padId)
{
    size_t longest = 0;
    for (const PromptLayout &l : layouts)
        longest = std::max(longest, l.ids.size());
    PromptBatch b;
    for (const PromptLayout &l : layouts) {
        // left padding, as the reference batches prompts for generation: every row ends at the same place
        const size_t n = longest - l.ids.size();
        std::vector<int64_t> row(n, padId);
        row.insert(row.end(), l.ids.begin(), l.ids.end());
        std::vector<ImageSpan> spans = l.images;
        for (ImageSpan &s : spans)
            s.start += static_cast<int64_t>(n);
        std::vector<RegionSlot> regions = l.regions;
        for (RegionSlot &r : regions)
            r.position += static_cast<int64_t>(n);
        b.rows.push_back(std::move(row));
        b.padding.push_back(static_cast<int64_t>(n));
        b.images.push_back(std::move(spans));
        b.regions.push_back(std::move(regions));
    }
    return b;
}

std::string closeAnswer(std::vector<int64_t> &ids, std::string followUp, int64_t eosId, const std::string &eosText)
{
    const bool closed = !ids.empty() && ids.back() == eosId;
    const bool written = !eosText.empty() && followUp.compare(0, eosText.size(), eosText) == 0;
    if (written) {
        followUp.erase(0, eosText.size());
        if (!closed)
            ids.push_back(eosId);
    } else if (closed) {
        ids.pop_back();
    }
    return followUp;
}

} // namespace gc::runtime
