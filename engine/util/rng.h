// rng.h: the engine's one random number generator, mulberry32.
//
// What it does: a tiny, fast, seeded 32-bit generator whose exact stream is
// specified in shared/BENCH.md, so that the engine and the PyTorch reference
// script draw the same initial weights and the same minibatch orders.
// What it does not do: cryptography, or anything needing more than 2^32 states.
//
// Use:
//   nnplay::Mulberry32 rng(42);
//   uint32_t u = rng.next_u32();
//   double x = rng.next_unit();            // [0, 1)
//   uint32_t j = rng.next_below(n);        // (u * n) >> 32, as BENCH.md's shuffle
#pragma once
#include <cmath>
#include <cstdint>

namespace nnplay {

struct Mulberry32 {
    uint32_t state;
    explicit Mulberry32(uint32_t seed = 0) : state(seed) {}

    uint32_t next_u32() {
        state += 0x6D2B79F5u;
        uint32_t t = state;
        t = (t ^ (t >> 15)) * (t | 1u);
        t ^= t + (t ^ (t >> 7)) * (t | 61u);
        return t ^ (t >> 14);
    }
    // Uniform in [0, 1), from one draw: u / 2^32.
    double next_unit() { return next_u32() * (1.0 / 4294967296.0); }
    // Uniform integer in [0, n): the 64-bit product's high word (BENCH.md's shuffle).
    uint32_t next_below(uint32_t n) {
        return static_cast<uint32_t>((static_cast<uint64_t>(next_u32()) * n) >> 32);
    }
    // Standard normal by Box-Muller from two draws (the second value is dropped,
    // so every call consumes exactly two draws: simple to reproduce elsewhere).
    double next_normal() {
        double u1 = (next_u32() + 1.0) * (1.0 / 4294967297.0);  // (0, 1]: log is finite
        double u2 = next_unit();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
};

}  // namespace nnplay
