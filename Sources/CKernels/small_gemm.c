// Single-precision GEMM for skinny products (few output columns), AVX-512F (see CKernels.h).
//
// OpenBLAS 0.3.21's SkylakeX sgemm spends most of its time copying and in edge handling
// when n is as small as the 3s-vs-7s MLP's 30 hidden units (256x784 times 784x30 and its
// transposes): perf showed 76% in sgemm_kernel plus 10% in its copy routines, at a fraction
// of the peak. Here B is packed once per call into panels of 32 columns ([k][32], zero-
// padded), and a 12x32 register tile (24 zmm accumulators) runs down k reading A in place
// through its row and column strides, so A may be transposed or not at no copying cost.
//
// Denormals: the MLP's training step feeds this kernel gradients below 1.2e-38 (a
// saturated sigmoid), and every FMA touching one takes a microcode assist: 0.4 GFLOP/s
// instead of 84 measured on the same shape. The kernel therefore runs with the MXCSR's
// DAZ and FTZ bits set (denormal inputs and results count as zero, as with
// torch.set_flush_denormal(True)) and restores the caller's MXCSR on return; results
// differ only by terms below 1.2e-38.
#include "CKernels.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#include "avx512.h"

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
    if (m <= 0 || n <= 0) return;
    const unsigned int mxcsr = _mm_getcsr();
    _mm_setcsr(mxcsr | 0x8040);  // FTZ (bit 15) | DAZ (bit 6)
    const int panels = (n + 31) / 32;
    float *bp = aligned_alloc(64, sizeof(float) * (size_t)panels * 32 * (size_t)(k > 0 ? k : 1));
    if (!bp) abort();
    // Pack B(p, j) = b[p * rsB + j * csB] into [panel][k][32], zeros past n.
    for (int q = 0; q < panels; q++)
        for (int p = 0; p < k; p++) {
            float *dst = bp + ((size_t)q * k + p) * 32;
            for (int j = 0; j < 32; j++) {
                const int col = q * 32 + j;
                dst[j] = col < n ? b[p * rsB + (long)col * csB] : 0.0f;
            }
        }
    for (int q = 0; q < panels; q++) {
        const int cols = n - q * 32 < 32 ? n - q * 32 : 32;
        const __mmask16 m0 = (__mmask16)(cols >= 16 ? 0xFFFF : (1u << cols) - 1);
        const __mmask16 m1 = (__mmask16)(cols >= 32 ? 0xFFFF : cols > 16 ? (1u << (cols - 16)) - 1 : 0);
        const float *panel = bp + (size_t)q * k * 32;
        float *cq = c + q * 32;
        int i = 0;
        for (; i + 12 <= m; i += 12) tile(12, k, a + i * rsA, rsA, csA, panel, cq + (long)i * ldc, ldc, m0, m1, accumulate);
        if (i + 8 <= m) { tile(8, k, a + i * rsA, rsA, csA, panel, cq + (long)i * ldc, ldc, m0, m1, accumulate); i += 8; }
        if (i + 4 <= m) { tile(4, k, a + i * rsA, rsA, csA, panel, cq + (long)i * ldc, ldc, m0, m1, accumulate); i += 4; }
        for (; i < m; i++) tile(1, k, a + i * rsA, rsA, csA, panel, cq + (long)i * ldc, ldc, m0, m1, accumulate);
    }
    CK_CLEAR_HIGH_ZMM();
    _mm_setcsr(mxcsr);
    free(bp);
}

#else  // not x86-64: never called (ck_isa_supported(CK_ISA_AVX512) is 0)

void ck_sgemm_skinny_avx512(int m, int n, int k, const float *a, long rsA, long csA,
                            const float *b, long rsB, long csB, float *c, long ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a; (void)rsA; (void)csA; (void)b; (void)rsB; (void)csB; (void)c; (void)ldc; (void)accumulate;
}

#endif
