// replay_main.cpp: runs a fuzz target's LLVMFuzzerTestOneInput on saved
// inputs, without libFuzzer, so that the normal build (gcc, no fuzzer runtime)
// replays the corpus and every input that once crashed (tests/fuzz/targets.cmake).
// A target reports a bad outcome by aborting; this driver adds nothing to its
// checks. libFuzzer's own binaries replay files too, but only when built with
// clang's -fsanitize=fuzzer; this is the few lines that the gcc build needs.
//
// What it does not do: mutate, measure coverage or minimise (`make fuzz` does).
//
// Use:
//   fuzz-replay-idx tests/fuzz/corpus/idx tests/fuzz/crashes/idx   # folders or files
// Exits 0 after replaying at least one input, 1 when it found none or could not
// read one, and dies with the target's abort on a bad outcome.
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

namespace {
std::string current;  // the input being replayed, named when it kills the process

extern "C" void name_the_input(int sig) {
    const char* a = "\nfuzz replay: this input crashed the target: ";
    (void)!::write(2, a, std::strlen(a));
    (void)!::write(2, current.c_str(), current.size());
    (void)!::write(2, "\n", 1);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}
}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGABRT, name_the_input);
#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer reports these itself
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, name_the_input);
#endif
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path p = argv[i];
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            for (const auto& e : fs::directory_iterator(p))
                if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else if (!fs::exists(p, ec)) {
            // A folder that is not there yet (no crash ever saved) holds nothing to replay.
            continue;
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "no inputs to replay in the given folders: run `make fuzz` to build a corpus\n");
        return 1;
    }
    std::size_t bytes = 0;
    for (const fs::path& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (in.bad()) {
            std::fprintf(stderr, "%s: cannot read\n", f.string().c_str());
            return 1;
        }
        current = f.string();
        LLVMFuzzerTestOneInput(data.data(), data.size());
        bytes += data.size();
    }
    std::printf("replayed %zu inputs (%zu bytes), none crashed\n", files.size(), bytes);
    return 0;
}
