#pragma once

// A Hugging Face snapshot on disk: where its config, weights and tokenizer files are. Tokenizer and
// preprocessor files may sit at the top level (a real snapshot) or in processor/ (the fixtures).

#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gc::io {

struct ModelFolder {
    std::string root;
    nlohmann::json config;            // config.json
    nlohmann::json generationConfig;  // generation_config.json, or {} when absent
    nlohmann::json preprocessorConfig;// preprocessor_config.json, or {}
    nlohmann::json tokenizerConfig;   // tokenizer_config.json, or {}
    nlohmann::json addedTokens;       // added_tokens.json, or {}
    nlohmann::json processorConfig;   // processor_config.json, or {}
    // model.safetensors, or failing that pytorch_model.bin; empty when sharded
    std::string weightsFile;
    // model.safetensors.index.json or pytorch_model.bin.index.json, or empty
    std::string weightsIndex;
    std::string tokenizerDir;         // folder holding the tokenizer files
    std::string sentencepieceModel;   // sentencepiece.bpe.model (or another *.model), may be empty
    // The chat template the checkpoint ships (Jinja text), as transformers looks for it: chat_template.jinja, else
    // chat_template.json's, else tokenizer_config.json's (its "default" one when it names several); empty when
    // none. chatTemplateFile names where it came from, for errors.
    std::string chatTemplate;
    std::string chatTemplateFile;
};

// Throws gc::io::FormatError naming the file when something required is missing or unreadable.
[[nodiscard]] ModelFolder openModelFolder(const std::string &dir);
// The folder's weights, through the reader their format needs.
[[nodiscard]] SafeTensors openWeights(const ModelFolder &folder);
// Reads a JSON file; FormatError on a missing or corrupt file.
[[nodiscard]] nlohmann::json readJsonFile(const std::string &path);

} // namespace gc::io
