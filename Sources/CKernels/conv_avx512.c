// Direct stride-1 convolution kernels for AVX-512F (see CKernels.h).
//
// Forward: the output is computed over the padded grid flattened into one long row (row
// stride Wp): output pixel p reads input p + c*plane + i*Wp + j for tap (c, i, j), so 16
// consecutive flat positions are one unaligned vector load whatever the image width, and
// the Wp - OW columns past each row are computed and dropped (6% of the work at 32x32,
// 20% at 8x8, against 50% for row vectors of 16 on an 8-wide image). A register block of
// 4 output channels x 6 vectors (24 of the 32 zmm registers) runs over every tap: per tap
// 6 vector loads and 4 broadcasts feed 24 FMAs, so the two FMA ports stay the limit.
//
// Weight gradient: the AVX2 kernel's loop with 16-lane vectors, masked at each row's end.
//
// Functions carry target attributes, so this file builds for any x86-64 and the engine
// calls them only where ck_isa_supported(CK_ISA_AVX512) says so.
#include "CKernels.h"
#include "conv_blocks.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#include "avx512.h"

/// 24 accumulators (4 channels x 6 vectors of 16 at x, x+16, ..., x+80), started at the
/// channels' biases, over `taps` taps (x + offsets[t]; w advances by 4 per tap); stores them
/// to acc[4][96]. Assembly for the same reason as the AVX2 kernel: a spill in the inner loop
/// costs more than the kernel gains.
CK512 static inline void forward_block16(const float *x, const int *offsets, long taps, const float *w,
                                         const float bias[4], float acc[384]) {
    __asm__ volatile(
        "vbroadcastss 0(%[bias]), %%zmm0\n\t"
        "vmovaps %%zmm0, %%zmm1\n\t" "vmovaps %%zmm0, %%zmm2\n\t" "vmovaps %%zmm0, %%zmm3\n\t"
        "vmovaps %%zmm0, %%zmm4\n\t" "vmovaps %%zmm0, %%zmm5\n\t"
        "vbroadcastss 4(%[bias]), %%zmm6\n\t"
        "vmovaps %%zmm6, %%zmm7\n\t" "vmovaps %%zmm6, %%zmm8\n\t" "vmovaps %%zmm6, %%zmm9\n\t"
        "vmovaps %%zmm6, %%zmm10\n\t" "vmovaps %%zmm6, %%zmm11\n\t"
        "vbroadcastss 8(%[bias]), %%zmm12\n\t"
        "vmovaps %%zmm12, %%zmm13\n\t" "vmovaps %%zmm12, %%zmm14\n\t" "vmovaps %%zmm12, %%zmm15\n\t"
        "vmovaps %%zmm12, %%zmm16\n\t" "vmovaps %%zmm12, %%zmm17\n\t"
        "vbroadcastss 12(%[bias]), %%zmm18\n\t"
        "vmovaps %%zmm18, %%zmm19\n\t" "vmovaps %%zmm18, %%zmm20\n\t" "vmovaps %%zmm18, %%zmm21\n\t"
        "vmovaps %%zmm18, %%zmm22\n\t" "vmovaps %%zmm18, %%zmm23\n\t"
        "1:\n\t"
        "movslq (%[off]), %%rax\n\t"
        "leaq (%[x],%%rax,4), %%rax\n\t"
        "vmovups 0(%%rax), %%zmm24\n\t"
        "vmovups 64(%%rax), %%zmm25\n\t"
        "vmovups 128(%%rax), %%zmm26\n\t"
        "vmovups 192(%%rax), %%zmm27\n\t"
        "vmovups 256(%%rax), %%zmm28\n\t"
        "vmovups 320(%%rax), %%zmm29\n\t"
        "vbroadcastss 0(%[w]), %%zmm30\n\t"
        "vbroadcastss 4(%[w]), %%zmm31\n\t"
        "vfmadd231ps %%zmm24, %%zmm30, %%zmm0\n\t"
        "vfmadd231ps %%zmm25, %%zmm30, %%zmm1\n\t"
        "vfmadd231ps %%zmm26, %%zmm30, %%zmm2\n\t"
        "vfmadd231ps %%zmm27, %%zmm30, %%zmm3\n\t"
        "vfmadd231ps %%zmm28, %%zmm30, %%zmm4\n\t"
        "vfmadd231ps %%zmm29, %%zmm30, %%zmm5\n\t"
        "vbroadcastss 8(%[w]), %%zmm30\n\t"
        "vfmadd231ps %%zmm24, %%zmm31, %%zmm6\n\t"
        "vfmadd231ps %%zmm25, %%zmm31, %%zmm7\n\t"
        "vfmadd231ps %%zmm26, %%zmm31, %%zmm8\n\t"
        "vfmadd231ps %%zmm27, %%zmm31, %%zmm9\n\t"
        "vfmadd231ps %%zmm28, %%zmm31, %%zmm10\n\t"
        "vfmadd231ps %%zmm29, %%zmm31, %%zmm11\n\t"
        "vbroadcastss 12(%[w]), %%zmm31\n\t"
        "vfmadd231ps %%zmm24, %%zmm30, %%zmm12\n\t"
        "vfmadd231ps %%zmm25, %%zmm30, %%zmm13\n\t"
        "vfmadd231ps %%zmm26, %%zmm30, %%zmm14\n\t"
        "vfmadd231ps %%zmm27, %%zmm30, %%zmm15\n\t"
        "vfmadd231ps %%zmm28, %%zmm30, %%zmm16\n\t"
        "vfmadd231ps %%zmm29, %%zmm30, %%zmm17\n\t"
        "vfmadd231ps %%zmm24, %%zmm31, %%zmm18\n\t"
        "vfmadd231ps %%zmm25, %%zmm31, %%zmm19\n\t"
        "vfmadd231ps %%zmm26, %%zmm31, %%zmm20\n\t"
        "vfmadd231ps %%zmm27, %%zmm31, %%zmm21\n\t"
        "vfmadd231ps %%zmm28, %%zmm31, %%zmm22\n\t"
        "vfmadd231ps %%zmm29, %%zmm31, %%zmm23\n\t"
        "addq $16, %[w]\n\t"
        "addq $4, %[off]\n\t"
        "decq %[n]\n\t"
        "jnz 1b\n\t"
        "vmovups %%zmm0, 0(%[acc])\n\t"    "vmovups %%zmm1, 64(%[acc])\n\t"   "vmovups %%zmm2, 128(%[acc])\n\t"
        "vmovups %%zmm3, 192(%[acc])\n\t"  "vmovups %%zmm4, 256(%[acc])\n\t"  "vmovups %%zmm5, 320(%[acc])\n\t"
        "vmovups %%zmm6, 384(%[acc])\n\t"  "vmovups %%zmm7, 448(%[acc])\n\t"  "vmovups %%zmm8, 512(%[acc])\n\t"
        "vmovups %%zmm9, 576(%[acc])\n\t"  "vmovups %%zmm10, 640(%[acc])\n\t" "vmovups %%zmm11, 704(%[acc])\n\t"
        "vmovups %%zmm12, 768(%[acc])\n\t" "vmovups %%zmm13, 832(%[acc])\n\t" "vmovups %%zmm14, 896(%[acc])\n\t"
        "vmovups %%zmm15, 960(%[acc])\n\t" "vmovups %%zmm16, 1024(%[acc])\n\t" "vmovups %%zmm17, 1088(%[acc])\n\t"
        "vmovups %%zmm18, 1152(%[acc])\n\t" "vmovups %%zmm19, 1216(%[acc])\n\t" "vmovups %%zmm20, 1280(%[acc])\n\t"
        "vmovups %%zmm21, 1344(%[acc])\n\t" "vmovups %%zmm22, 1408(%[acc])\n\t" "vmovups %%zmm23, 1472(%[acc])\n\t"
        "vzeroupper\n\t"
        : [w] "+r"(w), [off] "+r"(offsets), [n] "+r"(taps)
        : [x] "r"(x), [bias] "r"(bias), [acc] "r"(acc)
        : "rax", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
          "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21",
          "xmm22", "xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31", "memory", "cc");
}

CK512 void ck_conv_forward_avx512(const float *xp, int C, int Hp, int Wp,
                                  const float *wp, const float *bias, int Cout, int kh, int kw,
                                  float *out, int OH, int OW) {
    const size_t plane = (size_t)Hp * Wp, outPlane = (size_t)OH * OW;
    const long span = (long)(OH - 1) * Wp + OW;  // flat positions up to the last output pixel
    const int blocks = (Cout + 3) / 4;
    const long taps = (long)C * kh * kw;
    if (taps <= 0 || OH <= 0 || OW <= 0) return;
    int stackOffsets[CK_STACK_TAPS];
    int *offsets = ck_tap_offsets(C, plane, Wp, kh, kw, taps, stackOffsets);
    float acc[384] __attribute__((aligned(64)));
    for (long start = 0; start < span; start += 96) {
        const long end = span - start < 96 ? span : start + 96;
        for (int b = 0; b < blocks; b++) {
            float bv[4];
            ck_block_bias(bias, Cout, b, bv);
            forward_block16(xp + start, offsets, taps, wp + (size_t)b * taps * 4, bv, acc);
            // Copy the runs of real output pixels (columns < OW) out of the flat positions.
            for (long p = start; p < end;) {
                const long oy = p / Wp, ox = p - oy * Wp;
                if (ox >= OW) { p = (oy + 1) * Wp; continue; }
                const long n = OW - ox < end - p ? OW - ox : end - p;
                for (int r = 0; r < 4 && b * 4 + r < Cout; r++)
                    memcpy(out + (size_t)(b * 4 + r) * outPlane + oy * OW + ox, acc + r * 96 + (p - start), sizeof(float) * (size_t)n);
                p += n;
            }
        }
    }
    ck_free_tap_offsets(offsets, stackOffsets);
    CK_CLEAR_HIGH_ZMM();
}

CK512 void ck_conv3x3_weight_grad_avx512(const float *xp, ptrdiff_t xStride, const float *g, ptrdiff_t gStride, int n,
                                         int C, int Hp, int Wp, int Cout, int OH, int OW, float *dw) {
    const int nvx = (OW + 15) / 16;
    const size_t plane = (size_t)Hp * Wp, outPlane = (size_t)OH * OW;
    const int tail = OW - (nvx - 1) * 16;  // valid lanes of each row's last vector
    const __mmask16 tailMask = (__mmask16)((1u << tail) - 1);
    const int blocks = (Cout + 3) / 4;
    for (int b = 0; b < blocks; b++) {
        size_t gOff[4];
        ck_block_grad_offsets(Cout, b, outPlane, gOff);
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < 3; i++) {
                __m512 a00 = _mm512_setzero_ps(), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
                __m512 a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
                for (int img = 0; img < n; img++) {
                    const float *xs = xp + img * xStride + c * plane + (size_t)i * Wp;
                    const float *gs = g + img * gStride + (size_t)b * 4 * outPlane;
                    const float *g0 = gs + gOff[0], *g1 = gs + gOff[1], *g2 = gs + gOff[2], *g3 = gs + gOff[3];
                    for (int oy = 0; oy < OH; oy++) {
                        const float *xr = xs + (size_t)oy * Wp;
                        const size_t go = (size_t)oy * OW;
                        for (int vx = 0; vx < nvx; vx++) {
                            // x lanes past the row's end read the padding or the next row (or the
                            // buffer's slack); the masked-out gradient lanes multiply them by 0.
                            const float *x = xr + vx * 16;
                            __m512 x0 = _mm512_loadu_ps(x), x1 = _mm512_loadu_ps(x + 1), x2 = _mm512_loadu_ps(x + 2);
                            const size_t o = go + vx * 16;
                            const __mmask16 m = vx < nvx - 1 ? (__mmask16)0xFFFF : tailMask;
                            __m512 q0 = _mm512_maskz_loadu_ps(m, g0 + o), q1 = _mm512_maskz_loadu_ps(m, g1 + o);
                            __m512 q2 = _mm512_maskz_loadu_ps(m, g2 + o), q3 = _mm512_maskz_loadu_ps(m, g3 + o);
                            a00 = _mm512_fmadd_ps(q0, x0, a00); a01 = _mm512_fmadd_ps(q0, x1, a01); a02 = _mm512_fmadd_ps(q0, x2, a02);
                            a10 = _mm512_fmadd_ps(q1, x0, a10); a11 = _mm512_fmadd_ps(q1, x1, a11); a12 = _mm512_fmadd_ps(q1, x2, a12);
                            a20 = _mm512_fmadd_ps(q2, x0, a20); a21 = _mm512_fmadd_ps(q2, x1, a21); a22 = _mm512_fmadd_ps(q2, x2, a22);
                            a30 = _mm512_fmadd_ps(q3, x0, a30); a31 = _mm512_fmadd_ps(q3, x1, a31); a32 = _mm512_fmadd_ps(q3, x2, a32);
                        }
                    }
                }
#define SUM(v) _mm512_reduce_add_ps(v)
                const float sums[4][3] = {{SUM(a00), SUM(a01), SUM(a02)}, {SUM(a10), SUM(a11), SUM(a12)},
                                          {SUM(a20), SUM(a21), SUM(a22)}, {SUM(a30), SUM(a31), SUM(a32)}};
#undef SUM
                ck_add_block_weight_grad(dw, Cout, C, b, c, i, sums);
            }
        }
    }
    CK_CLEAR_HIGH_ZMM();
}

#endif  // x86-64 (other CPUs: non_x86.c)
