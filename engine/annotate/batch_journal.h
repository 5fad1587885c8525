#pragma once

// The journal of a batch annotation run: a JSONL file next to the output, "<output>.journal". Line 1 is the
// run's header (task, phrases, model, format: what must match for --resume to continue it); every further
// line is one finished image (imageToJson), appended and fsynced as it finishes. After a kill -9 the journal
// holds every finished image and at most one torn last line, which is dropped, so a resumed run redoes
// only the images that were in flight.

#include "dataset.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace gc::annot {

class BatchJournal {
public:
    // resume: continue the journal at `path` (its header must equal `header`), or start one when there is
    // none. !resume: start one; an existing journal is an error (an interrupted run the user may want).
    static std::optional<BatchJournal> open(const std::string &path, const nlohmann::json &header, bool resume,
                                            std::string *error);

    BatchJournal(BatchJournal &&o) noexcept : m_path(std::move(o.m_path)), m_finished(std::move(o.m_finished)) {}

    // Finished images by path, as the journal recorded them.
    [[nodiscard]] const std::map<std::string, ImageRecord> &finished() const { return m_finished; }
    // Thread-safe: records one finished image durably.
    bool append(const ImageRecord &im, std::string *error);
    // The run is complete and its output written: the journal goes.
    void remove();
    [[nodiscard]] const std::string &path() const { return m_path; }

private:
    explicit BatchJournal(std::string path) : m_path(std::move(path)) {}
    std::string m_path;
    std::map<std::string, ImageRecord> m_finished;
    std::mutex m_mutex;
};

} // namespace gc::annot
