// Single-precision GEMM for skinny products (few output columns), AVX-512F and AVX2 + FMA
// (see CKernels.h).
//
// OpenBLAS 0.3.21's SkylakeX sgemm spends most of its time copying and in edge handling
// when n is as small as the 3s-vs-7s MLP's 30 hidden units (256x784 times 784x30 and its
// transposes): perf showed 76% in sgemm_kernel plus 10% in its copy routines, at a fraction
// of the peak. Here B is packed once per call into panels of 32 columns (16 on AVX2; [k][32], zero-
// padded), and a 12x32 register tile (24 zmm accumulators; on AVX2, 6x16 in 12 ymm) runs
// down k reading A in place through its row and column strides, so A may be transposed or
// not at no copying cost.
//
// Denormals: the MLP's training step feeds this kernel gradients below 1.2e-38 (a
// saturated sigmoid), and every FMA touching one takes a microcode assist: 0.4 GFLOP/s
// instead of 84 measured on the same shape. The kernel therefore runs with the MXCSR's
// DAZ and FTZ bits set (denormal inputs and results count as zero, as with
// torch.set_flush_denormal(True)) and restores the caller's MXCSR on return; results
// differ only by terms below 1.2e-38. Both paths do, so they agree with each other (OpenBLAS,
// without it, took the same assists on the AVX2 path of an Intel Xeon: 0.17x PyTorch).
#include "CKernels.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#include "avx512.h"

/// The calling thread's buffer for packed panels, at least `floats` long, 64-byte aligned.
/// Kept between calls up to 1 MiB: freeing a chunk of 64 KiB or more makes glibc consolidate
/// its heap and may give the top back to the system, so that the next call's buffer faults
/// its pages in again. In a standalone harness timing the MLP's 256x784 by 784x30 product,
/// a buffer from malloc per call made 5,720 brk calls and the kernel 34 % slower than with
/// this one. Larger buffers are freed on return (`release_panels`); a kept one when its
/// thread exits (a pthread key's destructor).
static _Thread_local float *kept_panels;
static _Thread_local size_t kept_floats;
enum { KEEP_FLOATS = (1 << 20) / sizeof(float) };
static pthread_key_t kept_panels_key;
static pthread_once_t kept_panels_once = PTHREAD_ONCE_INIT;
static int kept_panels_keyed;  // whether the key exists (else a kept buffer lives as long as its thread's process)

/// The key's destructor: frees the thread's kept buffer and forgets it, so that a later
/// destructor on the same thread that runs a GEMM allocates afresh.
static void drop_kept_panels(void *bp) {
    free(bp);
    kept_panels = NULL;
    kept_floats = 0;
}

static void make_kept_panels_key(void) { kept_panels_keyed = pthread_key_create(&kept_panels_key, drop_kept_panels) == 0; }

static float *panel_buffer(size_t floats) {
    if (floats <= kept_floats) return kept_panels;
    float *bp = aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64);
    if (!bp) abort();
    if (floats <= KEEP_FLOATS) {
        pthread_once(&kept_panels_once, make_kept_panels_key);
        free(kept_panels);
        kept_panels = bp;
        kept_floats = floats;
        if (kept_panels_keyed) pthread_setspecific(kept_panels_key, bp);
    }
    return bp;
}

static void release_panels(float *bp) {
    if (bp != kept_panels) free(bp);
}

/// Packs B(p, j) = b[p * rsB + j * csB] (k x n) into panels [n / NR][k][NR] of `NR`
/// columns, zeros past n, one element at a time: the general case (B transposed).
static void pack_panels(int NR, int n, int k, const float *b, long rsB, long csB, float *bp) {
    for (int q = 0; q < (n + NR - 1) / NR; q++)
        for (int p = 0; p < k; p++) {
            float *dst = bp + ((size_t)q * k + p) * NR;
            for (int j = 0; j < NR; j++) {
                const int col = q * NR + j;
                dst[j] = col < n ? b[p * rsB + (long)col * csB] : 0.0f;
            }
        }
}

/// The live lanes of half `h` (0 or 1) of a 32-column panel with `cols` live columns.
static inline __mmask16 panel_half_mask(int cols, int h) {
    const int live = cols - 16 * h;
    return (__mmask16)(live >= 16 ? 0xFFFF : live > 0 ? (1u << live) - 1 : 0);
}

/// pack_panels for B's rows contiguous (csB == 1), a row's part of a panel copied by two
/// masked loads. On the MLP's x·W1 (W1 784x30) the kernel ran 1.10x faster than with the
/// scalar loop (median of 41 interleaved pairs, Intel Xeon; the scalar loop was 9 % of its
/// profile), and 1.04x on the weight gradient's xᵀ·g.
CK512 static void pack_rows_avx512(int n, int k, const float *b, long rsB, float *bp) {
    for (int q = 0; q < (n + 31) / 32; q++) {
        const int cols = n - q * 32 < 32 ? n - q * 32 : 32;
        const __mmask16 m0 = panel_half_mask(cols, 0), m1 = panel_half_mask(cols, 1);
        for (int p = 0; p < k; p++) {
            const float *src = b + p * rsB + q * 32;
            float *dst = bp + ((size_t)q * k + p) * 32;
            _mm512_store_ps(dst, _mm512_maskz_loadu_ps(m0, src));
            _mm512_store_ps(dst + 16, _mm512_maskz_loadu_ps(m1, src + 16));
        }
    }
}

/// The shared skeleton of both kernels: DAZ/FTZ on, B packed (PACK) into panels of NR columns,
/// then per panel TILE(rows, A, C) over row blocks of MR, MR/3*2, MR/3 and 1 rows (12, 8, 4, 1
/// on AVX-512; 6, 4, 2, 1 on AVX2), then CLEANUP, the caller's MXCSR back. `cols` (the
/// panel's live columns), `panel` and `cq` are in scope for TILE.
#define SKINNY_GEMM_DRIVER(NR, MR, PACK, TILE, CLEANUP)                                                 \
    do {                                                                                                \
        if (m <= 0 || n <= 0) return;                                                                   \
        const unsigned int mxcsr = _mm_getcsr();                                                        \
        _mm_setcsr(mxcsr | 0x8040); /* FTZ (bit 15) | DAZ (bit 6) */                                    \
        float *bp = panel_buffer((size_t)((n + NR - 1) / NR) * NR * (size_t)(k > 0 ? k : 1));             \
        PACK;                                                                                           \
        for (int q = 0; q < (n + NR - 1) / NR; q++) {                                                   \
            const int cols = n - q * NR < NR ? n - q * NR : NR;                                         \
            const float *panel = bp + (size_t)q * k * NR;                                               \
            float *cq = c + q * NR;                                                                     \
            int i = 0;                                                                                  \
            for (; i + (MR) <= m; i += (MR)) TILE((MR), a + i * rsA, cq + (long)i * ldc);               \
            if (i + (MR) / 3 * 2 <= m) { TILE((MR) / 3 * 2, a + i * rsA, cq + (long)i * ldc); i += (MR) / 3 * 2; } \
            if (i + (MR) / 3 <= m) { TILE((MR) / 3, a + i * rsA, cq + (long)i * ldc); i += (MR) / 3; }   \
            for (; i < m; i++) TILE(1, a + i * rsA, cq + (long)i * ldc);                                \
        }                                                                                               \
        CLEANUP;                                                                                        \
        _mm_setcsr(mxcsr);                                                                              \
        release_panels(bp);                                                                             \
    } while (0)

/// C[MR rows][32 columns, masked by `mask` per half] (+)= A-rows x B-panel over k.
/// Inlined with a constant MR, so the accumulators stay in registers.
CK512 static inline __attribute__((always_inline)) void tile(const int MR, int k, const float *a, long rsA, long csA,
                                                             const float *bp, float *c, long ldc,
                                                             __mmask16 m0, __mmask16 m1, int accumulate) {
    __m512 acc[12][2];
    for (int r = 0; r < MR; r++) { acc[r][0] = _mm512_setzero_ps(); acc[r][1] = _mm512_setzero_ps(); }
    const float *ak = a;
    for (int p = 0; p < k; p++) {
        const __m512 b0 = _mm512_load_ps(bp + (size_t)p * 32), b1 = _mm512_load_ps(bp + (size_t)p * 32 + 16);
        for (int r = 0; r < MR; r++) {
            const __m512 av = _mm512_set1_ps(ak[r * rsA]);
            acc[r][0] = _mm512_fmadd_ps(av, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(av, b1, acc[r][1]);
        }
        ak += csA;
    }
    for (int r = 0; r < MR; r++) {
        float *cr = c + r * ldc;
        if (accumulate) {
            acc[r][0] = _mm512_add_ps(acc[r][0], _mm512_maskz_loadu_ps(m0, cr));
            acc[r][1] = _mm512_add_ps(acc[r][1], _mm512_maskz_loadu_ps(m1, cr + 16));
        }
        _mm512_mask_storeu_ps(cr, m0, acc[r][0]);
        _mm512_mask_storeu_ps(cr + 16, m1, acc[r][1]);
    }
}

CK512 void ck_sgemm_skinny_avx512(int m, int n, int k, const float *a, long rsA, long csA,
                                  const float *b, long rsB, long csB, float *c, long ldc, int accumulate) {
#define TILE512(R, A, C)                                                                                     \
    tile(R, k, A, rsA, csA, panel, C, ldc, panel_half_mask(cols, 0), panel_half_mask(cols, 1), accumulate)
    SKINNY_GEMM_DRIVER(32, 12,
                       csB == 1 ? pack_rows_avx512(n, k, b, rsB, bp) : pack_panels(32, n, k, b, rsB, csB, bp),
                       TILE512, CK_CLEAR_HIGH_ZMM());
#undef TILE512
}

#define CK_AVX2 __attribute__((target("avx2,fma")))

/// C[MR rows][16 columns, the first `cols` kept] (+)= A-rows x B-panel over k: the AVX2
/// tile, 2 vectors of 8 per row (12 ymm accumulators at MR = 6). Partial panels go through
/// a row buffer, as AVX2 has no masked store of single floats cheaper than that.
CK_AVX2 static inline __attribute__((always_inline)) void tile_avx2(const int MR, int k, const float *a, long rsA,
                                                                   long csA, const float *bp, float *c, long ldc,
                                                                   int cols, int accumulate) {
    __m256 acc[6][2];
    for (int r = 0; r < MR; r++) { acc[r][0] = _mm256_setzero_ps(); acc[r][1] = _mm256_setzero_ps(); }
    const float *ak = a;
    for (int p = 0; p < k; p++) {
        const __m256 b0 = _mm256_load_ps(bp + (size_t)p * 16), b1 = _mm256_load_ps(bp + (size_t)p * 16 + 8);
        for (int r = 0; r < MR; r++) {
            const __m256 av = _mm256_broadcast_ss(ak + r * rsA);
            acc[r][0] = _mm256_fmadd_ps(av, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(av, b1, acc[r][1]);
        }
        ak += csA;
    }
    for (int r = 0; r < MR; r++) {
        float *cr = c + r * ldc;
        if (cols == 16) {
            if (accumulate) {
                acc[r][0] = _mm256_add_ps(acc[r][0], _mm256_loadu_ps(cr));
                acc[r][1] = _mm256_add_ps(acc[r][1], _mm256_loadu_ps(cr + 8));
            }
            _mm256_storeu_ps(cr, acc[r][0]);
            _mm256_storeu_ps(cr + 8, acc[r][1]);
        } else {
            float row[16];
            _mm256_storeu_ps(row, acc[r][0]);
            _mm256_storeu_ps(row + 8, acc[r][1]);
            for (int j = 0; j < cols; j++) cr[j] = accumulate ? cr[j] + row[j] : row[j];
        }
    }
}

/// pack_panels for B's rows contiguous (csB == 1) on AVX2: a row's part of a 16-column
/// panel copied by two masked loads: the AVX2 kernel ran 1.05x faster on x·W1 (same machine).
CK_AVX2 static void pack_rows_avx2(int n, int k, const float *b, long rsB, float *bp) {
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (int q = 0; q < (n + 15) / 16; q++) {
        const int cols = n - q * 16 < 16 ? n - q * 16 : 16;
        const __m256i m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(cols), lane),
                      m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(cols - 8), lane);
        for (int p = 0; p < k; p++) {
            const float *src = b + p * rsB + q * 16;
            float *dst = bp + ((size_t)q * k + p) * 16;
            _mm256_store_ps(dst, _mm256_maskload_ps(src, m0));
            _mm256_store_ps(dst + 8, _mm256_maskload_ps(src + 8, m1));
        }
    }
}

CK_AVX2 void ck_sgemm_skinny_avx2(int m, int n, int k, const float *a, long rsA, long csA,
                                  const float *b, long rsB, long csB, float *c, long ldc, int accumulate) {
#define TILE256(R, A, C) tile_avx2(R, k, A, rsA, csA, panel, C, ldc, cols, accumulate)
    SKINNY_GEMM_DRIVER(16, 6,
                       csB == 1 ? pack_rows_avx2(n, k, b, rsB, bp) : pack_panels(16, n, k, b, rsB, csB, bp),
                       TILE256, _mm256_zeroupper());
#undef TILE256
}

#endif  // x86-64 (other CPUs: non_x86.c)
