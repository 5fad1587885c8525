// The engine's pool size when the settings say 0 ("every core"): libtorch's default is raised to the physical
// core count, except where the user set OMP_NUM_THREADS / MKL_NUM_THREADS.
#include "quant/thread_count.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>

using gc::quant::chooseThreadCount;
using gc::quant::physicalCores;

namespace {

// Unsets the two variables for one test and puts back what was there.
class ThreadEnvironment : public ::testing::Test
{
protected:
    void SetUp() override
    {
        save("OMP_NUM_THREADS", m_omp, m_hadOmp);
        save("MKL_NUM_THREADS", m_mkl, m_hadMkl);
    }
    void TearDown() override
    {
        restore("OMP_NUM_THREADS", m_omp, m_hadOmp);
        restore("MKL_NUM_THREADS", m_mkl, m_hadMkl);
    }

private:
    static void save(const char *name, std::string &value, bool &had)
    {
        const char *v = std::getenv(name);
        had = v != nullptr;
        value = had ? v : "";
        unsetenv(name);
    }
    static void restore(const char *name, const std::string &value, bool had)
    {
        if (had)
            setenv(name, value.c_str(), 1);
        else
            unsetenv(name);
    }
    std::string m_omp, m_mkl;
    bool m_hadOmp = false, m_hadMkl = false;
};

} // namespace

TEST_F(ThreadEnvironment, PhysicalCoresLieBetweenOneAndTheLogicalProcessors)
{
    const int cores = physicalCores();
    EXPECT_GE(cores, 1);
    const unsigned logical = std::thread::hardware_concurrency();
    if (logical > 0)
        EXPECT_LE(cores, static_cast<int>(logical));
}

TEST_F(ThreadEnvironment, AnExplicitCountIsKept)
{
    EXPECT_EQ(chooseThreadCount(3, 1), 3);
    EXPECT_EQ(chooseThreadCount(1, 8), 1);
}

TEST_F(ThreadEnvironment, ZeroRaisesAOneThreadDefaultToTheCores)
{
    // the case of a VM whose cpuinfo counts one core: libtorch says 1
    EXPECT_EQ(chooseThreadCount(0, 1), physicalCores());
    // a default above the core count (libtorch counted hyperthreads, or knows better) stays
    EXPECT_EQ(chooseThreadCount(0, physicalCores() + 4), physicalCores() + 4);
    EXPECT_GE(chooseThreadCount(0, 0), 1);
}

TEST_F(ThreadEnvironment, TheUsersEnvironmentDecides)
{
    setenv("OMP_NUM_THREADS", "1", 1);
    EXPECT_EQ(chooseThreadCount(0, 1), 1);
    unsetenv("OMP_NUM_THREADS");
    setenv("MKL_NUM_THREADS", "2", 1);
    EXPECT_EQ(chooseThreadCount(0, 2), 2);
    EXPECT_EQ(chooseThreadCount(4, 2), 4);
}
