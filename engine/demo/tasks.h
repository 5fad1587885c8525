#pragma once

// The four tasks the demo model learns, written in Kosmos-2's own format (the dialect codec encodes the
// boxes), with the ground truth an evaluator needs to score an answer.

#include "demo/scene.h"

#include <random>
#include <string>
#include <vector>

namespace gc::demo {

enum class Task { Caption, Refer, Region, Count };
constexpr int kTasks = 4;
[[nodiscard]] const char *taskName(Task t);

struct Example {
    Task task = Task::Caption;
    std::string prompt; // what the user sends, e.g. "<grounding>An image of"
    std::string answer; // what the model should continue with (then </s>)
    std::vector<int> targets; // object indices the answer is about (refer: one; caption: all; count: those counted)
    std::string expected;     // region: "a red circle"; count: "two"
};

// `<object><patch_index_A><patch_index_B>[</delimiter_of_multi_objects/>...]</object>` for these boxes.
[[nodiscard]] std::string objectTokens(const std::vector<Box> &boxes, SizeI image);

// One example of `task` for the scene; `rng` picks the object / question.
[[nodiscard]] Example makeExample(const Scene &scene, Task task, std::mt19937_64 &rng);

[[nodiscard]] const char *numberWord(int n); // 0..6 -> "zero".."six"

// How captions and region descriptions name n objects of one kind: "a red circle", "an orange diamond",
// "two blue squares".
[[nodiscard]] std::string kindPhrase(Colour c, Shape s, int n);

} // namespace gc::demo
