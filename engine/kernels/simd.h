// simd.h (internal to engine/kernels): the SIMD mapping layer. A handful of
// inline functions over one vector type, so that the kernel bodies
// (kernels_impl.h) are written once and compiled once per instruction set.
//
// What it does not do: choose an instruction set at run time (dispatch.cpp
// does), or offer more than the kernels need.
//
// Use: a variant's translation unit defines exactly one of
//   NNPLAY_SIMD_WASM128, NNPLAY_SIMD_AVX512, NNPLAY_SIMD_AVX2, NNPLAY_SIMD_SSE41,
//   NNPLAY_SIMD_SCALAR
// and then includes this file (compiled with the matching -m flags). The choice
// is explicit rather than taken from the compiler's macros, so that a build
// with global -march flags cannot turn the "SSE" variant into AVX-512 code.
// Everything here has internal linkage (anonymous namespace): the same names
// compiled with different instruction sets in different files never meet at
// link time.
//
// Semantics every block keeps (the kernels rely on them):
//   vf           the vector of W floats;  vm  a lane mask from a comparison
//   load/store   unaligned;  load_partial(p, n) reads n < W floats, other lanes 0;
//                store_partial(p, v, n) writes the first n lanes only
//   fmadd(a,b,c) a*b + c (fused where the instruction set has FMA)
//   vmax(a, b)   a > b ? a : b   (so NaN in a gives b, NaN in b gives b)
//   vmin(a, b)   a < b ? a : b   (the same rule as x86 maxps/minps)
//   gt(a, b)     lanes where a > b;  select(m, x, y): m ? x : y
//   pow2_shifted(t)  2^n, where t = n + kShift (1.5 * 2^23) holds an integer n in
//                [-126, 127] in its low mantissa bits: adding kShift is how the
//                kernels round to integers (ties to even), and the bits of the
//                sum give 2^n with two integer operations
//   hsum, hmax   horizontal sum / max, in a fixed order (deterministic)
//   transpose4x4(src, lds, dst, ldd)   dst[c * ldd + r] = src[r * lds + c], r, c < 4
//                (4-wide on every set: it serves the packing of transposed blocks)
#pragma once
#include <cstdint>

#if defined(NNPLAY_SIMD_WASM128)
#include <wasm_simd128.h>
#elif defined(NNPLAY_SIMD_AVX512) || defined(NNPLAY_SIMD_AVX2) || defined(NNPLAY_SIMD_SSE41)
#include <immintrin.h>
#elif defined(NNPLAY_SIMD_SCALAR)
#include <cmath>
#else
#error "simd.h: define one of NNPLAY_SIMD_{WASM128,AVX512,AVX2,SSE41,SCALAR} before including"
#endif

namespace nnplay::kernels {
namespace {
namespace simd {

constexpr float kShift = 12582912.0f;  // 1.5 * 2^23: x + kShift rounds x to an integer
constexpr int32_t kShiftBias = 127 - 0x4B400000;  // bits(n + kShift) + this = n + 127

#if defined(NNPLAY_SIMD_AVX512)
// ---- x86 AVX-512F: 16 lanes, mask registers ----------------------------------------
constexpr int W = 16;
using vf = __m512;
using vm = __mmask16;
inline vf zero() { return _mm512_setzero_ps(); }
inline vf set1(float x) { return _mm512_set1_ps(x); }
inline vf bcast(const float* p) { return _mm512_set1_ps(*p); }
inline vf load(const float* p) { return _mm512_loadu_ps(p); }
inline void store(float* p, vf v) { _mm512_storeu_ps(p, v); }
inline vf load_partial(const float* p, int n) {
    return _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1u), p);
}
inline void store_partial(float* p, vf v, int n) {
    _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1u), v);
}
inline vf add(vf a, vf b) { return _mm512_add_ps(a, b); }
inline vf sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
inline vf mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
inline vf div(vf a, vf b) { return _mm512_div_ps(a, b); }
inline vf fmadd(vf a, vf b, vf c) { return _mm512_fmadd_ps(a, b, c); }
inline vf vmax(vf a, vf b) { return _mm512_max_ps(a, b); }
inline vf vmin(vf a, vf b) { return _mm512_min_ps(a, b); }
inline vf vsqrt(vf a) { return _mm512_sqrt_ps(a); }
inline vm gt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
inline vm lt(vf a, vf b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
inline vf select(vm m, vf x, vf y) { return _mm512_mask_blend_ps(m, y, x); }
inline vf pow2_shifted(vf t) {
    const __m512i e = _mm512_add_epi32(_mm512_castps_si512(t), _mm512_set1_epi32(kShiftBias));
    return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
}
inline float hsum(vf v) {
    const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v),
                                   _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
inline float hmax(vf v) {
    const __m256 h = _mm256_max_ps(_mm512_castps512_ps256(v),
                                   _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline void transpose4x4(const float* src, long lds, float* dst, long ldd) {
    __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + lds);
    __m128 r2 = _mm_loadu_ps(src + 2 * lds), r3 = _mm_loadu_ps(src + 3 * lds);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _mm_storeu_ps(dst, r0);
    _mm_storeu_ps(dst + ldd, r1);
    _mm_storeu_ps(dst + 2 * ldd, r2);
    _mm_storeu_ps(dst + 3 * ldd, r3);
}

#elif defined(NNPLAY_SIMD_AVX2)
// ---- x86 AVX2 + FMA: 8 lanes -----------------------------------------------------
constexpr int W = 8;
using vf = __m256;
using vm = __m256;
alignas(64) inline constexpr int32_t kMaskWindow[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                        0,  0,  0,  0,  0,  0,  0,  0};
inline __m256i first_lanes(int n) {  // lanes < n all ones
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskWindow + 8 - n));
}
inline vf zero() { return _mm256_setzero_ps(); }
inline vf set1(float x) { return _mm256_set1_ps(x); }
inline vf bcast(const float* p) { return _mm256_broadcast_ss(p); }
inline vf load(const float* p) { return _mm256_loadu_ps(p); }
inline void store(float* p, vf v) { _mm256_storeu_ps(p, v); }
inline vf load_partial(const float* p, int n) { return _mm256_maskload_ps(p, first_lanes(n)); }
inline void store_partial(float* p, vf v, int n) { _mm256_maskstore_ps(p, first_lanes(n), v); }
inline vf add(vf a, vf b) { return _mm256_add_ps(a, b); }
inline vf sub(vf a, vf b) { return _mm256_sub_ps(a, b); }
inline vf mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
inline vf div(vf a, vf b) { return _mm256_div_ps(a, b); }
inline vf fmadd(vf a, vf b, vf c) { return _mm256_fmadd_ps(a, b, c); }
inline vf vmax(vf a, vf b) { return _mm256_max_ps(a, b); }
inline vf vmin(vf a, vf b) { return _mm256_min_ps(a, b); }
inline vf vsqrt(vf a) { return _mm256_sqrt_ps(a); }
inline vm gt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
inline vm lt(vf a, vf b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
inline vf select(vm m, vf x, vf y) { return _mm256_blendv_ps(y, x, m); }
inline vf pow2_shifted(vf t) {
    const __m256i e = _mm256_add_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(kShiftBias));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
}
inline float hsum(vf v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
inline float hmax(vf v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline void transpose4x4(const float* src, long lds, float* dst, long ldd) {
    __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + lds);
    __m128 r2 = _mm_loadu_ps(src + 2 * lds), r3 = _mm_loadu_ps(src + 3 * lds);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _mm_storeu_ps(dst, r0);
    _mm_storeu_ps(dst + ldd, r1);
    _mm_storeu_ps(dst + 2 * ldd, r2);
    _mm_storeu_ps(dst + 3 * ldd, r3);
}

#elif defined(NNPLAY_SIMD_SSE41)
// ---- x86 SSE4.1: 4 lanes, no FMA ---------------------------------------------------
constexpr int W = 4;
using vf = __m128;
using vm = __m128;
inline vf zero() { return _mm_setzero_ps(); }
inline vf set1(float x) { return _mm_set1_ps(x); }
inline vf bcast(const float* p) { return _mm_load1_ps(p); }
inline vf load(const float* p) { return _mm_loadu_ps(p); }
inline void store(float* p, vf v) { _mm_storeu_ps(p, v); }
// No masked loads and stores before AVX: go through a small buffer (leftovers only).
inline vf load_partial(const float* p, int n) {
    alignas(16) float buf[W] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int i = 0; i < n; ++i) buf[i] = p[i];
    return _mm_load_ps(buf);
}
inline void store_partial(float* p, vf v, int n) {
    alignas(16) float buf[W];
    _mm_store_ps(buf, v);
    for (int i = 0; i < n; ++i) p[i] = buf[i];
}
inline vf add(vf a, vf b) { return _mm_add_ps(a, b); }
inline vf sub(vf a, vf b) { return _mm_sub_ps(a, b); }
inline vf mul(vf a, vf b) { return _mm_mul_ps(a, b); }
inline vf div(vf a, vf b) { return _mm_div_ps(a, b); }
inline vf fmadd(vf a, vf b, vf c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
inline vf vmax(vf a, vf b) { return _mm_max_ps(a, b); }
inline vf vmin(vf a, vf b) { return _mm_min_ps(a, b); }
inline vf vsqrt(vf a) { return _mm_sqrt_ps(a); }
inline vm gt(vf a, vf b) { return _mm_cmpgt_ps(a, b); }
inline vm lt(vf a, vf b) { return _mm_cmplt_ps(a, b); }
inline vf select(vm m, vf x, vf y) { return _mm_blendv_ps(y, x, m); }
inline vf pow2_shifted(vf t) {
    const __m128i e = _mm_add_epi32(_mm_castps_si128(t), _mm_set1_epi32(kShiftBias));
    return _mm_castsi128_ps(_mm_slli_epi32(e, 23));
}
inline float hsum(vf v) {
    __m128 s = _mm_add_ps(v, _mm_movehl_ps(v, v));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}
inline float hmax(vf v) {
    __m128 s = _mm_max_ps(v, _mm_movehl_ps(v, v));
    s = _mm_max_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

inline void transpose4x4(const float* src, long lds, float* dst, long ldd) {
    __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + lds);
    __m128 r2 = _mm_loadu_ps(src + 2 * lds), r3 = _mm_loadu_ps(src + 3 * lds);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _mm_storeu_ps(dst, r0);
    _mm_storeu_ps(dst + ldd, r1);
    _mm_storeu_ps(dst + 2 * ldd, r2);
    _mm_storeu_ps(dst + 3 * ldd, r3);
}

#elif defined(NNPLAY_SIMD_WASM128)
// ---- WebAssembly SIMD128: 4 lanes, no FMA (relaxed SIMD is not usable here) ------------
constexpr int W = 4;
using vf = v128_t;
using vm = v128_t;
inline vf zero() { return wasm_f32x4_splat(0.0f); }
inline vf set1(float x) { return wasm_f32x4_splat(x); }
inline vf bcast(const float* p) { return wasm_v128_load32_splat(p); }
inline vf load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, vf v) { wasm_v128_store(p, v); }
// No masked loads and stores in SIMD128: go through a small buffer (leftovers only).
inline vf load_partial(const float* p, int n) {
    alignas(16) float buf[W] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int i = 0; i < n; ++i) buf[i] = p[i];
    return wasm_v128_load(buf);
}
inline void store_partial(float* p, vf v, int n) {
    alignas(16) float buf[W];
    wasm_v128_store(buf, v);
    for (int i = 0; i < n; ++i) p[i] = buf[i];
}
inline vf add(vf a, vf b) { return wasm_f32x4_add(a, b); }
inline vf sub(vf a, vf b) { return wasm_f32x4_sub(a, b); }
inline vf mul(vf a, vf b) { return wasm_f32x4_mul(a, b); }
inline vf div(vf a, vf b) { return wasm_f32x4_div(a, b); }
inline vf fmadd(vf a, vf b, vf c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
// pmax(x, y) = x < y ? y : x, so pmax(b, a) = a > b ? a : b: the x86 rule above.
inline vf vmax(vf a, vf b) { return wasm_f32x4_pmax(b, a); }
inline vf vmin(vf a, vf b) { return wasm_f32x4_pmin(b, a); }
inline vf vsqrt(vf a) { return wasm_f32x4_sqrt(a); }
inline vm gt(vf a, vf b) { return wasm_f32x4_gt(a, b); }
inline vm lt(vf a, vf b) { return wasm_f32x4_lt(a, b); }
inline vf select(vm m, vf x, vf y) { return wasm_v128_bitselect(x, y, m); }
inline vf pow2_shifted(vf t) {
    return wasm_i32x4_shl(wasm_i32x4_add(t, wasm_i32x4_splat(kShiftBias)), 23);
}
inline float hsum(vf v) {
    const v128_t s = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1);
}
inline float hmax(vf v) {
    const v128_t s = vmax(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    const float a = wasm_f32x4_extract_lane(s, 0), b = wasm_f32x4_extract_lane(s, 1);
    return a > b ? a : b;
}

inline void transpose4x4(const float* src, long lds, float* dst, long ldd) {
    const v128_t r0 = wasm_v128_load(src), r1 = wasm_v128_load(src + lds);
    const v128_t r2 = wasm_v128_load(src + 2 * lds), r3 = wasm_v128_load(src + 3 * lds);
    const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
    const v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
    wasm_v128_store(dst, wasm_i64x2_shuffle(t0, t1, 0, 2));
    wasm_v128_store(dst + ldd, wasm_i64x2_shuffle(t0, t1, 1, 3));
    wasm_v128_store(dst + 2 * ldd, wasm_i64x2_shuffle(t2, t3, 0, 2));
    wasm_v128_store(dst + 3 * ldd, wasm_i64x2_shuffle(t2, t3, 1, 3));
}

#elif defined(NNPLAY_SIMD_SCALAR)
// ---- scalar: one lane, so the kernels compile on any target ---------------------------
constexpr int W = 1;
using vf = float;
using vm = bool;
inline vf zero() { return 0.0f; }
inline vf set1(float x) { return x; }
inline vf bcast(const float* p) { return *p; }
inline vf load(const float* p) { return *p; }
inline void store(float* p, vf v) { *p = v; }
inline vf load_partial(const float*, int) { return 0.0f; }  // n < W = 1: nothing to read
inline void store_partial(float*, vf, int) {}
inline vf add(vf a, vf b) { return a + b; }
inline vf sub(vf a, vf b) { return a - b; }
inline vf mul(vf a, vf b) { return a * b; }
inline vf div(vf a, vf b) { return a / b; }
inline vf fmadd(vf a, vf b, vf c) { return a * b + c; }
inline vf vmax(vf a, vf b) { return a > b ? a : b; }
inline vf vmin(vf a, vf b) { return a < b ? a : b; }
inline vf vsqrt(vf a) { return std::sqrt(a); }
inline vm gt(vf a, vf b) { return a > b; }
inline vm lt(vf a, vf b) { return a < b; }
inline vf select(vm m, vf x, vf y) { return m ? x : y; }
inline vf pow2_shifted(vf t) { return std::ldexp(1.0f, (int)(t - kShift)); }
inline float hsum(vf v) { return v; }
inline float hmax(vf v) { return v; }
inline void transpose4x4(const float* src, long lds, float* dst, long ldd) {
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) dst[c * ldd + r] = src[r * lds + c];
}
#endif

}  // namespace simd
}  // namespace
}  // namespace nnplay::kernels
