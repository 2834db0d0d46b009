// test_mulberry.h: Mulberry32 written again from shared/BENCH.md's text for the
// tests, independent of engine/util/rng.h, so that a slip in the engine's copy
// cannot hide behind the same slip in the check.
#pragma once
#include <cstdint>

struct TestMulberry {
    uint32_t a;
    uint32_t next() {
        a += 0x6D2B79F5u;
        uint32_t t = a;
        t = (t ^ (t >> 15)) * (t | 1u);
        t ^= t + (t ^ (t >> 7)) * (t | 61u);
        return t ^ (t >> 14);
    }
};
