#include "quant/thread_count.h"

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <utility>

namespace gc::quant {

namespace {

bool readInt(const std::string &path, int &value)
{
    std::ifstream in(path);
    return static_cast<bool>(in >> value);
}

} // namespace

int physicalCores()
{
    cpu_set_t mask;
    CPU_ZERO(&mask);
    if (sched_getaffinity(0, sizeof mask, &mask) != 0)
        return 1;
    std::set<std::pair<int, int>> cores;
    int allowed = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &mask))
            continue;
        ++allowed;
        const std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
        int package = 0, core = 0;
        if (readInt(dir + "physical_package_id", package) && readInt(dir + "core_id", core))
            cores.emplace(package, core);
        else
            cores.emplace(-1, cpu); // no topology: count the CPU as its own core
    }
    return std::max(1, cores.empty() ? allowed : static_cast<int>(cores.size()));
}

int chooseThreadCount(int requested, int libtorchDefault)
{
    if (requested > 0)
        return requested;
    const int fallback = std::max(1, libtorchDefault);
    if (std::getenv("OMP_NUM_THREADS") || std::getenv("MKL_NUM_THREADS"))
        return fallback;
    return std::max(fallback, physicalCores());
}

} // namespace gc::quant
