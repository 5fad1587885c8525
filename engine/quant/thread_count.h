#pragma once

// How many threads the engine's pool gets when the settings leave it to us (threads = 0).
//
// libtorch's own default is its cpuinfo's core count, and on some virtual machines that is 1 where the guest has
// two or more cores (this project's 2-core build VM: at::get_num_threads() is 1 while `lscpu` shows two cores,
// one thread each), so every operator and kernel ran on one core unless --threads was given.

namespace gc::quant {

// Physical cores the process may run on: distinct (package, core) pairs among the CPUs of its affinity mask, read
// from /sys; the affinity mask's size where /sys has no topology; at least 1.
int physicalCores();

// The pool size to use: `requested` when > 0; otherwise libtorch's default, raised to the physical core count,
// unless OMP_NUM_THREADS or MKL_NUM_THREADS is set (then libtorch's default already is the user's choice).
int chooseThreadCount(int requested, int libtorchDefault);

} // namespace gc::quant
