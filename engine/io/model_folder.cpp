#include "io/model_folder.h"

#include "io/torch_pickle.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace gc::io {

nlohmann::json readJsonFile(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw FormatError(path + ": cannot open");
    try {
        nlohmann::json j;
        in >> j;
        return j;
    } catch (const std::exception &e) {
        throw FormatError(path + ": corrupt JSON (" + e.what() + ")");
    }
}

namespace {

nlohmann::json optionalJson(const fs::path &p)
{
    return fs::is_regular_file(p) ? readJsonFile(p.string()) : nlohmann::json::object();
}

// The first of `names` found in the top level or in processor/.
fs::path findAux(const fs::path &root, std::initializer_list<const char *> names)
{
    for (const fs::path &dir : {root, root / "processor"})
        for (const char *n : names)
            if (fs::is_regular_file(dir / n))
                return dir / n;
    return {};
}

// A required file that is there but not a regular file (a folder, a FIFO...) is named as what it is:
// "no config.json" would send the user looking for a file they can see. Opening a FIFO would block.
void requireRegularOrAbsent(const fs::path &p)
{
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st) || fs::is_regular_file(st))
        return;
    const char *what = fs::is_directory(st)                                ? "a folder"
                       : fs::is_fifo(st)                                   ? "a FIFO (named pipe)"
                       : fs::is_socket(st)                                 ? "a socket"
                       : fs::is_block_file(st) || fs::is_character_file(st) ? "a device"
                                                                           : "something other than a file";
    throw FormatError(p.string() + " is " + what + ", not a file");
}

// The folder's chat template (ModelFolder::chatTemplate) into `m`.
void readChatTemplate(const fs::path &root, ModelFolder &m)
{
    if (const fs::path jinja = findAux(root, {"chat_template.jinja"}); !jinja.empty()) {
        std::ifstream in(jinja);
        m.chatTemplate.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        m.chatTemplateFile = jinja.string();
        return;
    }
    const auto fromValue = [&](const nlohmann::json &v, const std::string &file) {
        if (v.is_string()) {
            m.chatTemplate = v.get<std::string>();
        } else if (v.is_array()) { // [{"name": "default", "template": ...}, {"name": "tool_use", ...}]
            for (const auto &t : v)
                if (t.is_object() && t.value("name", "") == "default" && t.contains("template") && t["template"].is_string())
                    m.chatTemplate = t["template"].get<std::string>();
        } else {
            throw FormatError(file + ": chat_template is neither text nor a list of named templates");
        }
        m.chatTemplateFile = file;
    };
    if (const fs::path json = findAux(root, {"chat_template.json"}); !json.empty()) {
        const nlohmann::json j = readJsonFile(json.string());
        if (j.is_object() && j.contains("chat_template"))
            return fromValue(j["chat_template"], json.string());
    }
    if (const auto it = m.tokenizerConfig.find("chat_template"); it != m.tokenizerConfig.end() && !it->is_null())
        fromValue(*it, (fs::path(m.tokenizerDir) / "tokenizer_config.json").string());
}

} // namespace

SafeTensors openWeights(const ModelFolder &folder)
{
    const auto isTorch = [](const std::string &p) {
        return fs::path(p).filename().string().rfind("pytorch_model.bin", 0) == 0;
    };
    if (!folder.weightsIndex.empty())
        return isTorch(folder.weightsIndex) ? openTorchIndex(folder.weightsIndex)
                                            : SafeTensors::openIndex(folder.weightsIndex);
    return isTorch(folder.weightsFile) ? openTorchFile(folder.weightsFile) : SafeTensors::openFile(folder.weightsFile);
}

ModelFolder openModelFolder(const std::string &dir)
{
    const fs::path root(dir);
    if (!fs::is_directory(root))
        throw MissingFileError(dir + ": not a folder");
    ModelFolder m;
    m.root = root.string();
    for (const char *required : {"config.json", "model.safetensors", "model.safetensors.index.json"})
        requireRegularOrAbsent(root / required);
    if (!fs::is_regular_file(root / "config.json"))
        throw MissingFileError(dir + ": no config.json (is this a Hugging Face model snapshot?)");
    m.config = readJsonFile((root / "config.json").string());
    if (!m.config.is_object())
        throw FormatError((root / "config.json").string() + ": not a JSON object");
    m.generationConfig = optionalJson(root / "generation_config.json");
    // safetensors first, as Hugging Face's loaders prefer it when a snapshot has both
    if (fs::is_regular_file(root / "model.safetensors"))
        m.weightsFile = (root / "model.safetensors").string();
    else if (fs::is_regular_file(root / "model.safetensors.index.json"))
        m.weightsIndex = (root / "model.safetensors.index.json").string();
    else if (fs::is_regular_file(root / "pytorch_model.bin"))
        m.weightsFile = (root / "pytorch_model.bin").string();
    else if (fs::is_regular_file(root / "pytorch_model.bin.index.json"))
        m.weightsIndex = (root / "pytorch_model.bin.index.json").string();
    else
        throw MissingFileError(dir + ": no model.safetensors, pytorch_model.bin or their sharded index.json");
    const fs::path sp = findAux(root, {"sentencepiece.bpe.model", "tokenizer.model", "spiece.model"});
    if (!sp.empty()) {
        m.sentencepieceModel = sp.string();
        m.tokenizerDir = sp.parent_path().string();
    } else {
        const fs::path tc = findAux(root, {"tokenizer_config.json"});
        m.tokenizerDir = tc.empty() ? root.string() : tc.parent_path().string();
    }
    const fs::path tokDir(m.tokenizerDir);
    m.tokenizerConfig = optionalJson(tokDir / "tokenizer_config.json");
    m.addedTokens = optionalJson(tokDir / "added_tokens.json");
    const fs::path pre = findAux(root, {"preprocessor_config.json"});
    m.preprocessorConfig = pre.empty() ? nlohmann::json::object() : readJsonFile(pre.string());
    const fs::path proc = findAux(root, {"processor_config.json"});
    m.processorConfig = proc.empty() ? nlohmann::json::object() : readJsonFile(proc.string());
    readChatTemplate(root, m);
    return m;
}

} // namespace gc::io
