// A deterministic driver for the fuzz targets (fuzz_pass.cpp, fuzz_http.cpp), for compilers
// without libFuzzer (gcc) and for CI: runs every file of a seed corpus, then a number of
// pseudo-random mutations of them (fixed seed, so every run tests the same inputs), and a few
// hostile inputs. The target says its name, its modes and its interesting bytes (fuzztarget.h).
//   tst_fuzz_NAME CORPUS_DIR [MUTATIONS]
#include "fuzztarget.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

using Input = std::vector<std::uint8_t>;

class Random
{
public:
    std::uint64_t next()
    {
        // xorshift64*
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 0x2545F4914F6CDD1DULL;
    }
    std::size_t below(std::size_t bound) { return bound == 0 ? 0 : std::size_t(next() % bound); }

private:
    std::uint64_t m_state = 0x7e55e7a5eedULL;
};

void run(const Input &input)
{
    LLVMFuzzerTestOneInput(input.data(), input.size());
}

Input mutate(
    Input input, const std::vector<Input> &corpus, const FuzzTarget &target, Random &random)
{
    const std::size_t rounds = 1 + random.below(4);
    for (std::size_t round = 0; round < rounds; ++round) {
        switch (random.below(8)) {
        case 0: // flip a bit
            if (!input.empty())
                input[random.below(input.size())] ^= std::uint8_t(1u << random.below(8));
            break;
        case 1: // set a byte
            if (!input.empty())
                input[random.below(input.size())] = std::uint8_t(random.next());
            break;
        case 2: // insert bytes
            input.insert(input.begin() + std::ptrdiff_t(random.below(input.size() + 1)),
                1 + random.below(8), std::uint8_t(random.next()));
            break;
        case 3: { // erase a range
            if (input.empty())
                break;
            const std::size_t at = random.below(input.size());
            const std::size_t count =
                1 + random.below(std::min<std::size_t>(16, input.size() - at));
            input.erase(
                input.begin() + std::ptrdiff_t(at), input.begin() + std::ptrdiff_t(at + count));
            break;
        }
        case 4: // truncate
            input.resize(random.below(input.size() + 1));
            break;
        case 5: { // splice the tail of another seed
            const Input &other = corpus[random.below(corpus.size())];
            const std::size_t at = random.below(input.size() + 1);
            const std::size_t from = random.below(other.size() + 1);
            input.resize(at);
            input.insert(input.end(), other.begin() + std::ptrdiff_t(from), other.end());
            break;
        }
        case 6: // another mode (first byte)
            if (!input.empty())
                input[0] = std::uint8_t(random.below(target.modes));
            break;
        default: // the target's interesting bytes (CBOR heads, HTTP delimiters, ...)
            if (!input.empty() && !target.interesting.empty()) {
                input[random.below(input.size())] =
                    target.interesting[random.below(target.interesting.size())];
            }
            break;
        }
    }
    return input;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
        return 2;
    }
    const long mutations = argc == 3 ? std::strtol(argv[2], nullptr, 10) : 20000;
    const FuzzTarget target = fuzzTarget();

    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(argv[1])) {
        if (entry.is_regular_file())
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Input> corpus;
    for (const auto &file : files) {
        std::ifstream stream(file, std::ios::binary);
        corpus.emplace_back(
            std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
    }
    if (corpus.empty()) {
        std::fprintf(stderr, "%s: no seed files in %s\n", argv[0], argv[1]);
        return 1;
    }
    for (const Input &input : corpus)
        run(input);

    // Hostile inputs in every mode: deep and huge CBOR, very long text, every byte value alone.
    for (std::uint8_t mode = 0; mode < target.modes; ++mode) {
        Input deep(1, mode);
        deep.insert(deep.end(), 5000, 0x81);
        run(deep);
        Input huge { mode, 0x83, 0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        run(huge);
        Input longText(1, mode);
        longText.insert(longText.end(), 1 << 20, 'A');
        run(longText);
    }
    for (int byte = 0; byte < 256; ++byte) {
        for (std::uint8_t mode = 0; mode < target.modes; ++mode)
            run(Input { mode, std::uint8_t(byte) });
    }

    Random random;
    for (long i = 0; i < mutations; ++i)
        run(mutate(corpus[random.below(corpus.size())], corpus, target, random));

    std::printf("%s: %zu seeds, %ld mutations: no crash, no broken invariant\n", target.name,
        corpus.size(), mutations);
    return 0;
}
