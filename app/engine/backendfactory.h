#pragma once

#include "modelbackend.h"

// Makes the backend for a ModelSpec: a Hugging Face model folder run in-process, a model on an
// OpenAI-compatible server (settings in spec.options) or a scripted fake (tests and demos of the UI).
[[nodiscard]] BackendFactory defaultBackendFactory();
