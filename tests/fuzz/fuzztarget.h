#pragma once
// What a fuzz target tells the deterministic driver (fuzz_driver.cpp): its name, how many modes
// its first input byte picks from, and the bytes worth planting in its inputs.
#include <cstdint>
#include <vector>

struct FuzzTarget
{
    const char *name;
    std::uint8_t modes;
    std::vector<std::uint8_t> interesting;
};

FuzzTarget fuzzTarget();
