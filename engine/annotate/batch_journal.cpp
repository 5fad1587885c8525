#include "batch_journal.h"
#include "atomic_file.h"
#include "dataset_json.h"
#include "import_error.h"

#include <filesystem>
#include <fstream>

namespace gc::annot {

using nlohmann::json;

std::optional<BatchJournal> BatchJournal::open(const std::string &path, const json &header, bool resume,
                                               std::string *error)
{
    namespace fs = std::filesystem;
    BatchJournal j(path);
    std::error_code ec;
    if (fs::exists(path, ec)) {
        if (!resume) {
            *error = path + " holds an interrupted run: pass --resume to continue it, or delete it to start over";
            return std::nullopt;
        }
        std::ifstream in(path);
        std::string line;
        size_t number = 0;
        bool headerSeen = false;
        while (std::getline(in, line)) {
            ++number;
            const bool last = in.peek() == std::ifstream::traits_type::eof();
            json value;
            try {
                value = json::parse(line);
            } catch (const json::parse_error &) {
                if (last)
                    break; // the line being written when the run was killed
                *error = path + ": line " + std::to_string(number) + " is damaged";
                return std::nullopt;
            }
            if (!headerSeen) {
                if (value != header) {
                    *error = path + " belongs to a run with other settings (" + value.dump() +
                             "); delete it to start over";
                    return std::nullopt;
                }
                headerSeen = true;
                continue;
            }
            try {
                ImageRecord im = imageFromJson(Node(value, "", path, number));
                j.m_finished[im.path] = std::move(im);
            } catch (const ImportFailure &e) {
                *error = e.error.describe();
                return std::nullopt;
            }
        }
        if (headerSeen) {
            // a torn last line would glue onto the next record: rewrite the journal without it
            std::string text = header.dump() + "\n";
            for (const auto &[p, im] : j.m_finished)
                text += imageToJson(im).dump() + "\n";
            if (!writeFileAtomic(path, text, error))
                return std::nullopt;
            return j;
        }
    }
    if (!writeFileAtomic(path, header.dump() + "\n", error))
        return std::nullopt;
    return j;
}

bool BatchJournal::append(const ImageRecord &im, std::string *error)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (!appendLineDurable(m_path, imageToJson(im).dump(), error))
        return false;
    m_finished[im.path] = im;
    return true;
}

void BatchJournal::remove()
{
    std::error_code ec;
    std::filesystem::remove(m_path, ec);
}

} // namespace gc::annot
