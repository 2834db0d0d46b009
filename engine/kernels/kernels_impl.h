// kernels_impl.h (internal to engine/kernels): the fast kernels, written once
// against the mapping layer simd.h and compiled once per instruction set by
// kernels_sse.cpp, kernels_avx2.cpp, kernels_avx512.cpp and kernels_wasm.cpp.
// Each of those defines its NNPLAY_SIMD_* choice, includes simd.h, then this
// file, and hands impl::kTable to dispatch.cpp.
//
// What it does not do: pick the variant (dispatch.cpp), allocate (packing uses
// dispatch.cpp's per-thread scratch buffer), or use any library template: all
// code here has internal linkage, so a function compiled for AVX-512 can never
// stand in for the SSE one at link time (which a shared inline or template
// instantiation could).
//
// Written by hand because no packaged library does this job for the web build
// (Eigen 3.4 has no WebAssembly SIMD path: these kernels run about 2x faster
// there), and natively one binary must serve every x86-64 CPU. Natively Eigen
// compiled for AVX2 matches the blocked product on large shapes and is about
// half as fast on the small ones, so it is not used.
//
// The matrix products (shapes as in kernels.h):
//  - gemm_blocked: the usual register-blocked scheme. C is cut into tiles of MR
//    rows by NR = NV * W columns; a tile's MR x NV accumulators stay in
//    registers while k runs over a block of KC; per k the tile loads NV vectors
//    of B and broadcasts MR values of A. B blocks are packed into NR-wide panels
//    (transposed for gemm_nt) unless they are shallow enough to read in place;
//    A is read in place (for gemm_tn, packed when several panels reuse it).
//    Edge tiles run instances compiled for exactly their rows and vectors.
//  - gemm_nt_dot: for gemm_nt with few rows (W1's batch of 10) or a narrow B,
//    DM x DN dot products along K, summed across lanes at the end.
// Results depend only on the shapes and the variant: the same call gives the
// same bits every time.
#pragma once
#include <cmath>
#include <cstddef>

#include "engine/kernels/kernel_table.h"

namespace nnplay::kernels {
namespace {
namespace impl {

using namespace simd;

// ---- tuning: tile and block sizes per instruction set -----------------------------
// MR x NV accumulators + NV loaded B vectors + 1 broadcast must fit the registers
// (x86-64: 16 vector registers, 32 with AVX-512; V8 gives wasm 15 usable). The
// values were measured with kernels-bench on a Zen 4 core (wasm under node 20).
// To re-tune on another machine, compile with -DNNPLAY_TUNE_MR=.. -DNNPLAY_TUNE_NV=..
// (and -DNNPLAY_TUNE_DM, _DN, _DOT_M for the dot-product path below).
#if defined(NNPLAY_TUNE_MR)
constexpr int MR = NNPLAY_TUNE_MR, NV = NNPLAY_TUNE_NV;
#else
#if defined(NNPLAY_SIMD_AVX512)
constexpr int MR = 12, NV = 2;
#elif defined(NNPLAY_SIMD_AVX2)
constexpr int MR = 6, NV = 2;
#elif defined(NNPLAY_SIMD_SSE41)
constexpr int MR = 4, NV = 3;
#elif defined(NNPLAY_SIMD_WASM128)
constexpr int MR = 4, NV = 2;
#else
constexpr int MR = 4, NV = 4;
#endif
#endif
constexpr int NR = NV * W;  // columns of a C tile
constexpr int KC = 256;     // depth of a block: MR rows of A x KC stay in L1
constexpr int NC = 512 / NR * NR;  // width of a packed B block (KC x NC floats in L2), whole panels

inline int imin(int a, int b) { return a < b ? a : b; }

// Fully unroll a loop with a compile-time bound, so that arrays of vectors indexed
// by it live in registers (GCC otherwise keeps the accumulators in memory).
#define NNPLAY_UNROLL _Pragma("GCC unroll 32")

// ---- the micro-kernel -------------------------------------------------------------
// C tile (MRa, nr) (+)= A (MRa, kc) * B (kc, NVa * W), nr <= NVa * W valid columns.
// A (i, k) = ACOL ? a[k * as + i] : a[i * as + k];  B (k, j) = b[k * bs + j], all
// NVa * W columns readable (packed with zero padding, or a full panel in place).
template <int MRa, int NVa, bool ACOL>
inline void tile(int kc, const float* a, long as, const float* b, long bs, float* c, long ldc, int nr,
                 bool add_to_c) {
    vf acc[MRa][NVa];
    NNPLAY_UNROLL
    for (int i = 0; i < MRa; ++i)
        NNPLAY_UNROLL
        for (int v = 0; v < NVa; ++v) acc[i][v] = zero();
    if (ACOL) {
        for (int k = 0; k < kc; ++k) {
            vf bv[NVa];
            NNPLAY_UNROLL
            for (int v = 0; v < NVa; ++v) bv[v] = load(b + v * W);
            NNPLAY_UNROLL
            for (int i = 0; i < MRa; ++i) {
                const vf ai = bcast(a + i);
                NNPLAY_UNROLL
                for (int v = 0; v < NVa; ++v) acc[i][v] = fmadd(ai, bv[v], acc[i][v]);
            }
            a += as;
            b += bs;
        }
    } else {
        const float* ap[MRa];
        NNPLAY_UNROLL
        for (int i = 0; i < MRa; ++i) ap[i] = a + i * as;
        for (int k = 0; k < kc; ++k) {
            vf bv[NVa];
            NNPLAY_UNROLL
            for (int v = 0; v < NVa; ++v) bv[v] = load(b + v * W);
            NNPLAY_UNROLL
            for (int i = 0; i < MRa; ++i) {
                const vf ai = bcast(ap[i] + k);
                NNPLAY_UNROLL
                for (int v = 0; v < NVa; ++v) acc[i][v] = fmadd(ai, bv[v], acc[i][v]);
            }
            b += bs;
        }
    }
    NNPLAY_UNROLL
    for (int i = 0; i < MRa; ++i) {
        float* ci = c + i * ldc;
        NNPLAY_UNROLL
        for (int v = 0; v < NVa; ++v) {
            const int col = v * W;
            if (col + W <= nr) {
                store(ci + col, add_to_c ? add(load(ci + col), acc[i][v]) : acc[i][v]);
            } else if (col < nr) {
                const int n = nr - col;
                store_partial(ci + col, add_to_c ? add(load_partial(ci + col, n), acc[i][v]) : acc[i][v], n);
            }
        }
    }
}

template <int MRa, int NVa, bool ACOL>
void micro_kernel(int kc, const float* a, long as, const float* b, long bs, float* c, long ldc, int nr,
                  bool add_to_c) {
    tile<MRa, NVa, ACOL>(kc, a, as, b, bs, c, ldc, nr, add_to_c);
}
using MicroKernel = void (*)(int, const float*, long, const float*, long, float*, long, int, bool);

// A row of np full tiles (NR columns each), the tile p reading B at b + p * pstride:
// one call per row block rather than one per tile, which matters for shallow
// products (W1's gemm_tn has K = 10).
template <int MRa, bool ACOL>
void row_of_tiles(int kc, const float* a, long as, const float* b, long pstride, long bs, float* c,
                  long ldc, int np, bool add_to_c) {
    for (int p = 0; p < np; ++p)
        tile<MRa, NV, ACOL>(kc, a, as, b + p * pstride, bs, c + p * NR, ldc, NR, add_to_c);
}
using RowOfTiles = void (*)(int, const float*, long, const float*, long, long, float*, long, int, bool);
template <bool ACOL, int R = MR>
RowOfTiles pick_row(int mr) {
    if constexpr (R == 1) {
        return row_of_tiles<1, ACOL>;
    } else {
        if (mr == R) return row_of_tiles<R, ACOL>;
        return pick_row<ACOL, R - 1>(mr);
    }
}

// The micro-kernel for mr rows (1..MR) and nv vectors (1..NV): one compiled
// instance per pair, so edge tiles run exactly the work they need.
template <bool ACOL, int R, int V = NV>
MicroKernel pick_nv(int nv) {
    if constexpr (V == 1) {
        return micro_kernel<R, 1, ACOL>;
    } else {
        if (nv == V) return micro_kernel<R, V, ACOL>;
        return pick_nv<ACOL, R, V - 1>(nv);
    }
}
template <bool ACOL, int R = MR>
MicroKernel pick_kernel(int mr, int nv) {
    if constexpr (R == 1) {
        return pick_nv<ACOL, 1>(nv);
    } else {
        if (mr == R) return pick_nv<ACOL, R>(nv);
        return pick_kernel<ACOL, R - 1>(mr, nv);
    }
}

inline int round_up_w(int n) { return (n + W - 1) / W * W; }

// ---- packing -------------------------------------------------------------------------
// A block B (kc, nc) is cut into panels of NR columns; panel p starts at
// dst + p * kc * NR and holds B (k, p * NR + j) at [k * pw + j], where the panel
// width pw is NR, or for a narrower last panel its width rounded up to whole
// vectors (zero padded).
inline int panel_width(int nr) { return nr == NR ? NR : round_up_w(nr); }

// From B stored (N, K) row-major (gemm_nt's W): a transpose, 4 x 4 at a time.
void pack_b_trans(int kc, int nc, const float* B, long ldb, float* dst) {
    for (int j0 = 0; j0 < nc; j0 += NR, dst += (long)kc * NR) {
        const int nr = imin(NR, nc - j0), pw = panel_width(nr);
        const float* src = B + (long)j0 * ldb;
        int jj = 0;
        for (; jj + 4 <= nr; jj += 4) {
            const float* s = src + (long)jj * ldb;
            int k = 0;
            for (; k + 4 <= kc; k += 4) transpose4x4(s + k, ldb, dst + (long)k * pw + jj, pw);
            for (; k < kc; ++k)
                for (int r = 0; r < 4; ++r) dst[(long)k * pw + jj + r] = s[(long)r * ldb + k];
        }
        for (; jj < nr; ++jj)
            for (int k = 0; k < kc; ++k) dst[(long)k * pw + jj] = src[(long)jj * ldb + k];
        for (int k = 0; k < kc && nr < pw; ++k)
            for (int j = nr; j < pw; ++j) dst[(long)k * pw + j] = 0.0f;
    }
}
// From B stored (K, N) row-major: a copy.
void pack_b_rows(int kc, int nc, const float* B, long ldb, float* dst) {
    for (int j0 = 0; j0 < nc; j0 += NR, dst += (long)kc * NR) {
        const int nr = imin(NR, nc - j0), pw = panel_width(nr);
        for (int k = 0; k < kc; ++k) {
            const float* src = B + (long)k * ldb + j0;
            float* d = dst + (long)k * pw;
            int col = 0;
            for (; col + W <= nr; col += W) store(d + col, load(src + col));
            if (col < nr) store(d + col, load_partial(src + col, nr - col));
        }
    }
}
// A (mr <= MR rows, kc) read as A (i, k) = A[k * lda + i] (gemm_tn's dY^T), copied
// to dst[k * MR + i]: the micro-kernel then reads one contiguous stream.
void pack_a_cols(int kc, int mr, const float* A, long lda, float* dst) {
    for (int k = 0; k < kc; ++k) {
        const float* src = A + (long)k * lda;
        float* d = dst + (long)k * MR;
        int i = 0;
        for (; i + W <= mr; i += W) store(d + i, load(src + i));
        if (i < mr) store_partial(d + i, load_partial(src + i, mr - i), mr - i);
    }
}

// ---- the blocked product ----------------------------------------------------------------
// C (M, N) (+)= A~ (M, K) * B~ (K, N) where
//   A~ (i, k) = ACOL ? A[k * lda + i] : A[i * lda + k]
//   B~ (k, j) = BTRANS ? B[j * ldb + k] : B[k * ldb + j]
template <bool ACOL, bool BTRANS>
void gemm_blocked(int M, int N, int K, const float* A, long lda, const float* B, long ldb, float* C,
                  long ldc, bool accumulate) {
    // B is packed when it must be transposed, or when it is deep and several blocks
    // of rows reuse it (shallow B, such as gemm_tn's batch of 10, is read in place:
    // its block stays in L1 and the copy would cost more than it saves).
    // A (for gemm_tn) is packed when several panels reuse it.
    const bool pack_b = BTRANS || (M > MR && K > 128);
    const bool pack_a = ACOL && N > NR;
    float* Bp = detail::scratch_floats((std::size_t)KC * NC + (std::size_t)KC * MR + (std::size_t)KC * NR);
    if (!Bp) {  // no memory for packing: the reference needs none
        if (ACOL) ref::gemm_tn(M, N, K, A, (int)lda, B, (int)ldb, C, (int)ldc, accumulate);
        else if (BTRANS) ref::gemm_nt(M, N, K, A, (int)lda, B, (int)ldb, C, (int)ldc, accumulate);
        else ref::gemm_nn(M, N, K, A, (int)lda, B, (int)ldb, C, (int)ldc, accumulate);
        return;
    }
    float* Ap = Bp + (std::size_t)KC * NC;
    float* Edge = Ap + (std::size_t)KC * MR;
    for (int pc = 0; pc < K; pc += KC) {
        const int kc = imin(KC, K - pc);
        const bool add_to_c = accumulate || pc > 0;
        for (int jc = 0; jc < N; jc += NC) {
            const int nc = imin(NC, N - jc);
            const int last_j0 = (nc - 1) / NR * NR, last_nr = nc - last_j0;
            if (pack_b) {
                if (BTRANS) pack_b_trans(kc, nc, B + (long)jc * ldb + pc, ldb, Bp);
                else pack_b_rows(kc, nc, B + (long)pc * ldb + jc, ldb, Bp);
            } else if (last_nr < NR) {  // in place, but the last panel needs zero padding
                pack_b_rows(kc, last_nr, B + (long)pc * ldb + jc + last_j0, ldb, Edge);
            }
            // Full panels, then (when nc is not a multiple of NR) the last, narrower one.
            const int np = nc / NR;
            const float* b0 = pack_b ? Bp : B + (long)pc * ldb + jc;
            const long pstride = pack_b ? (long)kc * NR : NR, bs = pack_b ? NR : ldb;
            const float* b_last = pack_b ? Bp + (long)np * kc * NR : Edge;
            for (int ic = 0; ic < M; ic += MR) {
                const int mr = imin(MR, M - ic);
                const float* a = ACOL ? A + (long)pc * lda + ic : A + (long)ic * lda + pc;
                long as = lda;
                if (pack_a) {
                    pack_a_cols(kc, mr, a, lda, Ap);
                    a = Ap;
                    as = MR;
                }
                float* c = C + (long)ic * ldc + jc;
                if (np > 0) pick_row<ACOL>(mr)(kc, a, as, b0, pstride, bs, c, ldc, np, add_to_c);
                if (last_nr < NR) {
                    pick_kernel<ACOL>(mr, round_up_w(last_nr) / W)(kc, a, as, b_last, panel_width(last_nr),
                                                                   c + (long)np * NR, ldc, last_nr, add_to_c);
                }
            }
        }
    }
}

// ---- gemm_nt for few rows: dot products along K -------------------------------------------
// With few rows of A (W1's batch of 10), packing B^T costs as much as the product.
// Instead each C element is a dot product of two contiguous rows; a tile of
// DM x DN accumulators (vectors along k) shares its loads, and each accumulator is
// summed across lanes at the end. C tile (rm, rn) (+)= A (rm, K) B (rn, K)^T.
// Tiles (DM x DN accumulators + DN loaded rows + 1) and the row count up to which
// this beats packing (DOT_MAX_M), measured as above.
#if defined(NNPLAY_TUNE_DM)
constexpr int DM = NNPLAY_TUNE_DM, DN = NNPLAY_TUNE_DN, DOT_MAX_M = NNPLAY_TUNE_DOT_M;
#elif defined(NNPLAY_SIMD_AVX512)
constexpr int DM = 5, DN = 4, DOT_MAX_M = 64;
#elif defined(NNPLAY_SIMD_AVX2)
constexpr int DM = 4, DN = 3, DOT_MAX_M = 32;
#elif defined(NNPLAY_SIMD_SSE41)
constexpr int DM = 3, DN = 3, DOT_MAX_M = 1 << 30;
#elif defined(NNPLAY_SIMD_WASM128)
constexpr int DM = 2, DN = 4, DOT_MAX_M = 32;
#else
constexpr int DM = 2, DN = 2, DOT_MAX_M = 0;
#endif
template <int RM, int RN>
void dot_tile(int K, const float* A, long lda, const float* B, long ldb, float* C, long ldc, bool add_to_c) {
    vf acc[RM][RN];
    NNPLAY_UNROLL
    for (int i = 0; i < RM; ++i) {
        NNPLAY_UNROLL
        for (int j = 0; j < RN; ++j) acc[i][j] = zero();
    }
    int k = 0;
    for (; k + W <= K; k += W) {
        vf b[RN];
        NNPLAY_UNROLL
        for (int j = 0; j < RN; ++j) b[j] = load(B + j * ldb + k);
        NNPLAY_UNROLL
        for (int i = 0; i < RM; ++i) {
            const vf a = load(A + i * lda + k);
            NNPLAY_UNROLL
            for (int j = 0; j < RN; ++j) acc[i][j] = fmadd(a, b[j], acc[i][j]);
        }
    }
    if (k < K) {  // the rest of the row: zero-filled lanes add nothing
        const int n = K - k;
        vf b[RN];
        NNPLAY_UNROLL
        for (int j = 0; j < RN; ++j) b[j] = load_partial(B + j * ldb + k, n);
        NNPLAY_UNROLL
        for (int i = 0; i < RM; ++i) {
            const vf a = load_partial(A + i * lda + k, n);
            NNPLAY_UNROLL
            for (int j = 0; j < RN; ++j) acc[i][j] = fmadd(a, b[j], acc[i][j]);
        }
    }
    NNPLAY_UNROLL
    for (int i = 0; i < RM; ++i) {
        NNPLAY_UNROLL
        for (int j = 0; j < RN; ++j) {
            const float s = hsum(acc[i][j]);
            float& c = C[i * ldc + j];
            c = add_to_c ? c + s : s;
        }
    }
}
using DotTile = void (*)(int, const float*, long, const float*, long, float*, long, bool);
template <int R, int V = DN>
DotTile pick_dot_n(int rn) {
    if constexpr (V == 1) {
        return dot_tile<R, 1>;
    } else {
        if (rn == V) return dot_tile<R, V>;
        return pick_dot_n<R, V - 1>(rn);
    }
}
template <int R = DM>
DotTile pick_dot(int rm, int rn) {
    if constexpr (R == 1) {
        return pick_dot_n<1>(rn);
    } else {
        if (rm == R) return pick_dot_n<R>(rn);
        return pick_dot<R - 1>(rm, rn);
    }
}
void gemm_nt_dot(int M, int N, int K, const float* A, long lda, const float* B, long ldb, float* C,
                 long ldc, bool accumulate) {
    // Rows of B in blocks that stay in L2 while every row tile of A passes over them.
    const int jb = imin(N, (int)(((long)96 * 1024 / 4 / K + DN - 1) / DN * DN));
    for (int jb0 = 0; jb0 < N; jb0 += jb) {
        const int jend = imin(N, jb0 + jb);
        for (int i0 = 0; i0 < M; i0 += DM) {
            const int rm = imin(DM, M - i0);
            const DotTile full = pick_dot(rm, DN);
            for (int j0 = jb0; j0 < jend; j0 += DN) {
                const int rn = imin(DN, jend - j0);
                (rn == DN ? full : pick_dot(rm, rn))(K, A + (long)i0 * lda, lda, B + (long)j0 * ldb, ldb,
                                                     C + (long)i0 * ldc + j0, ldc, accumulate);
            }
        }
    }
}

// ---- the three products -----------------------------------------------------------------
inline bool trivial_product(int M, int N, int K, float* C, long ldc, bool accumulate) {
    if (M <= 0 || N <= 0) return true;
    if (K <= 0) {  // an empty sum: C = 0, or C unchanged
        if (!accumulate)
            for (int i = 0; i < M; ++i)
                for (int j = 0; j < N; ++j) C[(long)i * ldc + j] = 0.0f;
        return true;
    }
    return false;
}

void gemm_nt(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
             bool accumulate) {
    if (trivial_product(M, N, K, C, ldc, accumulate)) return;
    // Dot products pay one horizontal sum per element: worth it for deep K, and
    // when packing B would be poorly used (few rows of A, or B narrower than a tile).
    if (K >= 16 * W && (M <= DOT_MAX_M || N < NR)) gemm_nt_dot(M, N, K, A, lda, B, ldb, C, ldc, accumulate);
    else gemm_blocked<false, true>(M, N, K, A, lda, B, ldb, C, ldc, accumulate);
}
void gemm_nn(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
             bool accumulate) {
    if (trivial_product(M, N, K, C, ldc, accumulate)) return;
    gemm_blocked<false, false>(M, N, K, A, lda, B, ldb, C, ldc, accumulate);
}
void gemm_tn(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
             bool accumulate) {
    if (trivial_product(M, N, K, C, ldc, accumulate)) return;
    gemm_blocked<true, false>(M, N, K, A, lda, B, ldb, C, ldc, accumulate);
}

// ---- element-wise maps: full vectors, then one partial vector for the rest ------------------
template <class F>
inline void map1(const float* x, float* y, std::size_t n, F f) {
    std::size_t i = 0;
    for (; i + W <= n; i += W) store(y + i, f(load(x + i)));
    if (i < n) {
        const int r = (int)(n - i);
        store_partial(y + i, f(load_partial(x + i, r)), r);
    }
}
template <class F>
inline void map2(const float* x, const float* u, float* y, std::size_t n, F f) {
    std::size_t i = 0;
    for (; i + W <= n; i += W) store(y + i, f(load(x + i), load(u + i)));
    if (i < n) {
        const int r = (int)(n - i);
        store_partial(y + i, f(load_partial(x + i, r), load_partial(u + i, r)), r);
    }
}

// exp(x) for a vector: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2),
// exp(r) = 1 + r + r^2 P(r) with P of degree 3 fitted here for minimal relative error
// on [-ln2/2, ln2/2] (about 2e-7 in float32), times 2^n built in the exponent bits.
// exp(x) = 0 below -87.336 (where float32 results turn denormal), +inf above
// 88.7228 (float32 overflow), NaN stays NaN.
inline vf vexp(vf x) {
    const vf lo = set1(-87.33654475f), hi = set1(88.72283906f), one = set1(1.0f);
    const vf xc = vmin(hi, vmax(lo, x));  // this operand order keeps NaN
    vf t = fmadd(xc, set1(1.44269504088896341f), set1(kShift));  // n + kShift, n = round(x / ln2)
    const vf n = sub(t, set1(kShift));
    vf r = fmadd(n, set1(-0.693359375f), xc);
    r = fmadd(n, set1(2.12194440e-4f), r);
    vf p = set1(0.0083125243f);
    p = fmadd(p, r, set1(0.0418901145f));
    p = fmadd(p, r, set1(0.166671142f));
    p = fmadd(p, r, set1(0.499992311f));
    p = fmadd(mul(r, r), p, add(r, one));
    // n = 128 (x near the top) does not fit the exponent field: use 2 * 2^127.
    const vm top = gt(n, set1(127.5f));
    t = select(top, sub(t, one), t);
    p = select(top, add(p, p), p);
    vf y = mul(p, pow2_shifted(t));
    y = select(lt(x, lo), zero(), y);
    y = select(gt(x, hi), set1(INFINITY), y);
    return y;
}
inline vf vsigmoid(vf z) { return div(set1(1.0f), add(set1(1.0f), vexp(sub(zero(), z)))); }
// tanh: near 0 an odd polynomial x + x^3 Q(x^2) (Q of degree 4 fitted here on
// |x| < 0.625 for relative error, about 1e-7), elsewhere 1 - 2 / (exp(2x) + 1).
inline vf vtanh(vf x) {
    const vf x2 = mul(x, x), one = set1(1.0f);
    vf q = set1(-0.00570498453f);
    q = fmadd(q, x2, set1(0.0206390843f));
    q = fmadd(q, x2, set1(-0.0537397154f));
    q = fmadd(q, x2, set1(0.133314416f));
    q = fmadd(q, x2, set1(-0.333332807f));
    const vf small = fmadd(mul(x, x2), q, x);
    const vf big = sub(one, div(set1(2.0f), add(vexp(add(x, x)), one)));
    return select(lt(x2, set1(0.390625f)), small, big);
}

void exp_n(const float* x, float* y, std::size_t n) {
    map1(x, y, n, [](vf v) { return vexp(v); });
}

void activation_forward(Activation f, const float* z, float* a, std::size_t n) {
    switch (f) {
        case Activation::Sigmoid: map1(z, a, n, [](vf v) { return vsigmoid(v); }); break;
        case Activation::Tanh: map1(z, a, n, [](vf v) { return vtanh(v); }); break;
        case Activation::ReLU: map1(z, a, n, [](vf v) { return vmax(v, zero()); }); break;
        case Activation::LeakyReLU:
            map1(z, a, n, [](vf v) { return select(gt(v, zero()), v, mul(v, set1(kLeakySlope))); });
            break;
        case Activation::Identity:
            if (a != z) map1(z, a, n, [](vf v) { return v; });
            break;
    }
}

void activation_backward(Activation f, const float* a, const float* da, float* dz, std::size_t n) {
    switch (f) {
        case Activation::Sigmoid:
            map2(a, da, dz, n, [](vf y, vf d) { return mul(d, mul(y, sub(set1(1.0f), y))); });
            break;
        case Activation::Tanh:
            map2(a, da, dz, n, [](vf y, vf d) { return mul(d, sub(set1(1.0f), mul(y, y))); });
            break;
        case Activation::ReLU:
            map2(a, da, dz, n, [](vf y, vf d) { return select(gt(y, zero()), d, zero()); });
            break;
        case Activation::LeakyReLU:
            map2(a, da, dz, n,
                 [](vf y, vf d) { return select(gt(y, zero()), d, mul(d, set1(kLeakySlope))); });
            break;
        case Activation::Identity:
            if (dz != da) map1(da, dz, n, [](vf d) { return d; });
            break;
    }
}

void add_bias_rows(float* Y, int M, int N, int ldy, const float* b) {
    for (int r = 0; r < M; ++r) {
        float* y = Y + (long)r * ldy;
        map2(y, b, y, (std::size_t)(N > 0 ? N : 0), [](vf u, vf v) { return add(u, v); });
    }
}

// Sums run down the rows in order, as in the reference (so results match it exactly).
void column_sums(const float* dY, int M, int N, int ldy, float* db, bool accumulate) {
    int j = 0;
    for (; j + 4 * W <= N; j += 4 * W) {
        vf s0 = zero(), s1 = zero(), s2 = zero(), s3 = zero();
        for (int r = 0; r < M; ++r) {
            const float* p = dY + (long)r * ldy + j;
            s0 = add(s0, load(p));
            s1 = add(s1, load(p + W));
            s2 = add(s2, load(p + 2 * W));
            s3 = add(s3, load(p + 3 * W));
        }
        if (accumulate) {
            s0 = add(load(db + j), s0);
            s1 = add(load(db + j + W), s1);
            s2 = add(load(db + j + 2 * W), s2);
            s3 = add(load(db + j + 3 * W), s3);
        }
        store(db + j, s0);
        store(db + j + W, s1);
        store(db + j + 2 * W, s2);
        store(db + j + 3 * W, s3);
    }
    for (; j < N; j += W) {
        const int n = imin(W, N - j);
        vf s = zero();
        if (n == W) {
            for (int r = 0; r < M; ++r) s = add(s, load(dY + (long)r * ldy + j));
            store(db + j, accumulate ? add(load(db + j), s) : s);
        } else {
            for (int r = 0; r < M; ++r) s = add(s, load_partial(dY + (long)r * ldy + j, n));
            store_partial(db + j, accumulate ? add(load_partial(db + j, n), s) : s, n);
        }
    }
}

// Rows shorter than two vectors (the 10 classes of MNIST) give the vector code
// little to do per row: then the rows of a contiguous block are shifted by their
// maxima one by one, exponentiated together as one long vector run, and summed
// and scaled one by one again.
void softmax_short_rows(float* Z, int M, int N) {
    for (int r = 0; r < M; ++r) {
        float* z = Z + (long)r * N;
        float mx = z[0];
        for (int j = 1; j < N; ++j) mx = z[j] > mx ? z[j] : mx;
        for (int j = 0; j < N; ++j) z[j] -= mx;
    }
    map1(Z, Z, (std::size_t)M * N, [](vf v) { return vexp(v); });
    for (int r = 0; r < M; ++r) {
        float* z = Z + (long)r * N;
        float s = 0.0f;
        for (int j = 0; j < N; ++j) s += z[j];
        const float inv = 1.0f / s;
        for (int j = 0; j < N; ++j) z[j] *= inv;
    }
}

void softmax_rows(float* Z, int M, int N, int ldz) {
    if (N <= 0) return;
    if ((N < 2 * W || N < 16) && ldz == N) {
        softmax_short_rows(Z, M, N);
        return;
    }
    for (int r = 0; r < M; ++r) {
        float* z = Z + (long)r * ldz;
        int j = 0;
        float mx = z[0];
        if (N >= W) {
            vf m = load(z);
            for (j = W; j + W <= N; j += W) m = vmax(load(z + j), m);
            mx = hmax(m);
        }
        for (; j < N; ++j) mx = z[j] > mx ? z[j] : mx;
        const vf mv = set1(mx);
        vf s = zero();
        for (j = 0; j + W <= N; j += W) {
            const vf e = vexp(sub(load(z + j), mv));
            store(z + j, e);
            s = add(s, e);
        }
        if (j < N) {
            const int n = N - j;
            store_partial(z + j, vexp(sub(load_partial(z + j, n), mv)), n);
            s = add(s, load_partial(z + j, n));  // re-read: the padding lanes are zero
        }
        const vf inv = set1(1.0f / hsum(s));
        map1(z, z, (std::size_t)N, [inv](vf v) { return mul(v, inv); });
    }
}

// ---- parameter updates --------------------------------------------------------------------
void sgd_update(float* w, const float* g, std::size_t n, float lr, float wd) {
    const vf nlr = set1(-lr), vwd = set1(wd);
    map2(w, g, w, n, [=](vf wi, vf gi) { return fmadd(nlr, fmadd(vwd, wi, gi), wi); });
}

void momentum_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd) {
    const vf nlr = set1(-lr), vmu = set1(mu), vwd = set1(wd);
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        const vf wi = load(w + i);
        const vf vi = fmadd(vmu, load(v + i), fmadd(vwd, wi, load(g + i)));
        store(v + i, vi);
        store(w + i, fmadd(nlr, vi, wi));
    }
    if (i < n) {
        const int r = (int)(n - i);
        const vf wi = load_partial(w + i, r);
        const vf vi = fmadd(vmu, load_partial(v + i, r), fmadd(vwd, wi, load_partial(g + i, r)));
        store_partial(v + i, vi, r);
        store_partial(w + i, fmadd(nlr, vi, wi), r);
    }
}

// PyTorch's SGD with nesterov=True: v = mu v + g'; w -= lr (g' + mu v).
void nesterov_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd) {
    const vf nlr = set1(-lr), vmu = set1(mu), vwd = set1(wd);
    auto step = [&](vf wi, vf vi, vf gi, vf& vo) {
        const vf gg = fmadd(vwd, wi, gi);
        vo = fmadd(vmu, vi, gg);
        return fmadd(nlr, fmadd(vmu, vo, gg), wi);
    };
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        vf vo;
        const vf wo = step(load(w + i), load(v + i), load(g + i), vo);
        store(v + i, vo);
        store(w + i, wo);
    }
    if (i < n) {
        const int r = (int)(n - i);
        vf vo;
        const vf wo = step(load_partial(w + i, r), load_partial(v + i, r), load_partial(g + i, r), vo);
        store_partial(v + i, vo, r);
        store_partial(w + i, wo, r);
    }
}

// torch.optim.RMSprop (alpha = rho, no momentum, not centered):
// s = rho s + (1 - rho) g'^2; w -= lr g' / (sqrt(s) + eps).
void rmsprop_update(float* w, float* s, const float* g, std::size_t n, float lr, float rho, float eps,
                    float wd) {
    const vf nlr = set1(-lr), vrho = set1(rho), c = set1(1.0f - rho), veps = set1(eps), vwd = set1(wd);
    auto step = [&](vf wi, vf si, vf gi, vf& so) {
        const vf gg = fmadd(vwd, wi, gi);
        so = fmadd(vrho, si, mul(mul(c, gg), gg));
        return fmadd(nlr, div(gg, add(vsqrt(so), veps)), wi);
    };
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        vf so;
        const vf wo = step(load(w + i), load(s + i), load(g + i), so);
        store(s + i, so);
        store(w + i, wo);
    }
    if (i < n) {
        const int r = (int)(n - i);
        vf so;
        const vf wo = step(load_partial(w + i, r), load_partial(s + i, r), load_partial(g + i, r), so);
        store_partial(s + i, so, r);
        store_partial(w + i, wo, r);
    }
}

// Same arithmetic as the reference (torch.optim.Adam's order of operations).
void adam_update(float* w, float* m, float* v, const float* g, std::size_t n, float lr, float b1,
                 float b2, float eps, float wd, long long t) {
    const double bc1 = 1.0 - std::pow((double)b1, (double)t);
    const double bc2 = 1.0 - std::pow((double)b2, (double)t);
    const vf nstep = set1(-(float)((double)lr / bc1));
    const vf bc2s = set1((float)std::sqrt(bc2));
    const vf vb1 = set1(b1), vb2 = set1(b2), c1 = set1(1.0f - b1), c2 = set1(1.0f - b2);
    const vf veps = set1(eps), vwd = set1(wd);
    auto step = [&](vf wi, vf mi, vf vi, vf gi, vf& mo, vf& vo) {
        const vf gg = fmadd(vwd, wi, gi);
        mo = fmadd(vb1, mi, mul(c1, gg));
        vo = fmadd(vb2, vi, mul(mul(c2, gg), gg));
        const vf denom = add(div(vsqrt(vo), bc2s), veps);
        return fmadd(nstep, div(mo, denom), wi);
    };
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        vf mo, vo;
        const vf wo = step(load(w + i), load(m + i), load(v + i), load(g + i), mo, vo);
        store(m + i, mo);
        store(v + i, vo);
        store(w + i, wo);
    }
    if (i < n) {
        const int r = (int)(n - i);
        vf mo, vo;
        const vf wo = step(load_partial(w + i, r), load_partial(m + i, r), load_partial(v + i, r),
                           load_partial(g + i, r), mo, vo);
        store_partial(m + i, mo, r);
        store_partial(v + i, vo, r);
        store_partial(w + i, wo, r);
    }
}

constexpr detail::KernelTable kTable = {NNPLAY_KERNEL_LIST(NNPLAY_KERNEL_ENTRY)};

}  // namespace impl
}  // namespace
}  // namespace nnplay::kernels
