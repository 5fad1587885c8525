#pragma once

#include "modelbackend.h"

// Makes the backend for a ModelSpec: "folder" (a Hugging Face model folder run in-process), "remote" (an
// OpenAI-compatible server: path = "URL|model[|dialect]", settings in spec.options) or "fake" (a scripted
// answer: path = "dialect|answer", for tests and demos of the UI).
[[nodiscard]] BackendFactory defaultBackendFactory();
