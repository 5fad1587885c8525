// Replays saved fuzz inputs (crashers that were fixed, seeds) through a fuzz target in the normal build.
#include <cstdint>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int files = 0;
    for (int i = 1; i < argc; ++i) {
        DIR *d = opendir(argv[i]);
        if (!d)
            continue;
        while (dirent *e = readdir(d)) {
            if (e->d_name[0] == '.')
                continue;
            std::ifstream f(std::string(argv[i]) + "/" + e->d_name, std::ios::binary);
            std::stringstream ss;
            ss << f.rdbuf();
            const std::string s = ss.str();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(s.data()), s.size());
            ++files;
        }
        closedir(d);
    }
    std::printf("replayed %d inputs\n", files);
    return 0;
}
