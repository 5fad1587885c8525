#pragma once

// One factory per model family; each lives in dialect_<family>.cpp.

#include "dialect.h"

namespace gc::dialects {

std::unique_ptr<Dialect> makeKosmos2();
std::unique_ptr<Dialect> makeShikra();
std::unique_ptr<Dialect> makeMiniGptV2();
std::unique_ptr<Dialect> makeFerret();
std::unique_ptr<Dialect> makeGroundingGpt();
std::unique_ptr<Dialect> makeLlava15();
std::unique_ptr<Dialect> makeLlava15Crop();
std::unique_ptr<Dialect> makeGroma();
std::unique_ptr<Dialect> makeLlavaGrounding();
std::unique_ptr<Dialect> makeGlamm();
std::unique_ptr<Dialect> makeQwenVl();
std::unique_ptr<Dialect> makeQwen2Vl();
std::unique_ptr<Dialect> makeQwen25Vl();
std::unique_ptr<Dialect> makeQwen3Vl();
std::unique_ptr<Dialect> makeInternVl();
std::unique_ptr<Dialect> makeFlorence2();
std::unique_ptr<Dialect> makePaliGemma();
std::unique_ptr<Dialect> makeCogVlm();
std::unique_ptr<Dialect> makeCogAgent();
std::unique_ptr<Dialect> makeDeepSeekVl2();
std::unique_ptr<Dialect> makeMolmo();
std::unique_ptr<Dialect> makeMoondream();
std::unique_ptr<Dialect> makeGemini();

} // namespace gc::dialects
