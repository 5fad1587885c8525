#include "cli_runner.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

std::string shellQuote(const std::string &s)
{
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

std::string slurp(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

struct TempFolder {
    std::string path;
    TempFolder()
    {
        char dir[] = "/tmp/gc-cli-cache-XXXXXX";
        if (mkdtemp(dir))
            path = dir;
    }
    ~TempFolder()
    {
        std::error_code ignored;
        if (!path.empty())
            std::filesystem::remove_all(path, ignored);
    }
};

} // namespace

const std::string &testCacheHome()
{
    static const TempFolder folder;
    return folder.path;
}

CliResult runCli(const std::vector<std::string> &args, const std::string &input)
{
    char dir[] = "/tmp/gc-cli-XXXXXX";
    if (!mkdtemp(dir))
        return {};
    const std::string base(dir);
    {
        std::ofstream in(base + "/in", std::ios::binary);
        in << input;
    }
    std::string cmd = shellQuote(GC_CLI);
    if (!std::getenv("XDG_CACHE_HOME"))
        cmd = "XDG_CACHE_HOME=" + shellQuote(testCacheHome()) + " " + cmd;
    for (const std::string &a : args)
        cmd += " " + shellQuote(a);
    cmd += " < " + shellQuote(base + "/in") + " > " + shellQuote(base + "/out") + " 2> " + shellQuote(base + "/err");
    const int status = std::system(cmd.c_str());
    CliResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(base + "/out");
    r.err = slurp(base + "/err");
    std::remove((base + "/in").c_str());
    std::remove((base + "/out").c_str());
    std::remove((base + "/err").c_str());
    rmdir(dir);
    return r;
}
