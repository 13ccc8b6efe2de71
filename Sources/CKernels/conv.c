// Direct stride-1 convolution kernels for AVX2 + FMA (see CKernels.h; the AVX-512 ones are
// in conv_avx512.c, the choice between them in isa.c).
//
// Forward: the output is cut into vectors of 8 consecutive pixels of a row; a register
// block of 4 output channels x 3 such vectors (12 accumulators) runs over every input
// channel and kernel tap: per tap, 3 unaligned loads of the padded input and 4 broadcast
// weights feed 12 FMAs. The padded input is read in place: no im2col matrix is built.
//
// Weight gradient: for 4 output channels, one input channel and one kernel row, 12
// accumulators (4 channels x 3 kernel columns) run over every output vector of the images,
// and are summed across lanes at the end; the first pass sums the bias gradient along.
#include "CKernels.h"
#include "conv_blocks.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CK_X86 1
#endif

void ck_pack_weights(const float *w, int Cout, int C, int kh, int kw, int flip, float *wp) {
    int taps = kh * kw;
    int outs = flip ? C : Cout, ins = flip ? Cout : C;
    int blocks = (outs + 3) / 4;
    memset(wp, 0, sizeof(float) * (size_t)blocks * 4 * ins * taps);
    for (int o = 0; o < outs; o++)
        for (int c = 0; c < ins; c++)
            for (int t = 0; t < taps; t++) {
                // flip: output channel o of the gradient conv is input channel o of w.
                float v = flip ? w[((size_t)c * C + o) * taps + (taps - 1 - t)] : w[((size_t)o * C + c) * taps + t];
                wp[(((size_t)(o / 4) * ins + c) * taps + t) * 4 + (o % 4)] = v;
            }
}

#ifdef CK_X86

#define CK_TARGET __attribute__((target("avx2,fma")))

/// The forward kernel's inner loop: 12 accumulators (4 channels x 3 vectors), started at
/// the channels' biases, over `taps` kernel taps; each tap reads the 3 input vectors at
/// x0/x1/x2 + offsets[t] and 4 weights (w advances by 4 per tap). Written in assembly
/// because compilers' register allocation spills one of the 16 live registers here, and
/// that halves the speed (clang at -O3 does so).
CK_TARGET static inline void forward_block(const float *x0, const float *x1, const float *x2, const int *offsets,
                                           long taps, const float *w, const float bias[4], float acc[96]) {
    __asm__ volatile(
        "vbroadcastss 0(%[bias]), %%ymm0\n\t"
        "vmovaps %%ymm0, %%ymm1\n\t"
        "vmovaps %%ymm0, %%ymm2\n\t"
        "vbroadcastss 4(%[bias]), %%ymm3\n\t"
        "vmovaps %%ymm3, %%ymm4\n\t"
        "vmovaps %%ymm3, %%ymm5\n\t"
        "vbroadcastss 8(%[bias]), %%ymm6\n\t"
        "vmovaps %%ymm6, %%ymm7\n\t"
        "vmovaps %%ymm6, %%ymm8\n\t"
        "vbroadcastss 12(%[bias]), %%ymm9\n\t"
        "vmovaps %%ymm9, %%ymm10\n\t"
        "vmovaps %%ymm9, %%ymm11\n\t"
        "1:\n\t"
        "movslq (%[off]), %%rax\n\t"
        "vmovups (%[x0],%%rax,4), %%ymm12\n\t"
        "vmovups (%[x1],%%rax,4), %%ymm13\n\t"
        "vmovups (%[x2],%%rax,4), %%ymm14\n\t"
        "vbroadcastss 0(%[w]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm0\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm1\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm2\n\t"
        "vbroadcastss 4(%[w]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm3\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm4\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm5\n\t"
        "vbroadcastss 8(%[w]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm6\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm7\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm8\n\t"
        "vbroadcastss 12(%[w]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm9\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm10\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm11\n\t"
        "addq $16, %[w]\n\t"
        "addq $4, %[off]\n\t"
        "decq %[n]\n\t"
        "jnz 1b\n\t"
        "vmovups %%ymm0, 0(%[acc])\n\t"
        "vmovups %%ymm1, 32(%[acc])\n\t"
        "vmovups %%ymm2, 64(%[acc])\n\t"
        "vmovups %%ymm3, 96(%[acc])\n\t"
        "vmovups %%ymm4, 128(%[acc])\n\t"
        "vmovups %%ymm5, 160(%[acc])\n\t"
        "vmovups %%ymm6, 192(%[acc])\n\t"
        "vmovups %%ymm7, 224(%[acc])\n\t"
        "vmovups %%ymm8, 256(%[acc])\n\t"
        "vmovups %%ymm9, 288(%[acc])\n\t"
        "vmovups %%ymm10, 320(%[acc])\n\t"
        "vmovups %%ymm11, 352(%[acc])\n\t"
        "vzeroupper\n\t"
        : [w] "+r"(w), [off] "+r"(offsets), [n] "+r"(taps)
        : [x0] "r"(x0), [x1] "r"(x1), [x2] "r"(x2), [bias] "r"(bias), [acc] "r"(acc)
        : "rax", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
          "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
}

CK_TARGET void ck_conv_forward(const float *xp, int C, int Hp, int Wp,
                               const float *wp, const float *bias, int Cout, int kh, int kw,
                               float *out, int OH, int OW) {
    const int nvx = (OW + 7) / 8, nv = OH * nvx;
    const size_t plane = (size_t)Hp * Wp, outPlane = (size_t)OH * OW;
    const int blocks = (Cout + 3) / 4;
    const long taps = (long)C * kh * kw;
    if (taps <= 0 || nv <= 0) return;
    int stackOffsets[CK_STACK_TAPS];
    int *offsets = ck_tap_offsets(C, plane, Wp, kh, kw, taps, stackOffsets);
    float acc[96];
    for (int g = 0; g < nv; g += 3) {
        const int valid = nv - g < 3 ? nv - g : 3;
        int xoff[3], ooff[3], cnt[3];
        for (int v = 0; v < 3; v++) {
            // A short last group repeats its last vector (computed, not stored).
            int idx = g + (v < valid ? v : valid - 1);
            int oy = idx / nvx, vx = idx % nvx;
            xoff[v] = oy * Wp + vx * 8;
            ooff[v] = oy * OW + vx * 8;
            cnt[v] = OW - vx * 8 < 8 ? OW - vx * 8 : 8;
        }
        for (int b = 0; b < blocks; b++) {
            float bv[4];
            ck_block_bias(bias, Cout, b, bv);
            forward_block(xp + xoff[0], xp + xoff[1], xp + xoff[2], offsets, taps, wp + (size_t)b * taps * 4, bv, acc);
            // A whole vector is one store, a row's partial one a short loop: memcpy here was a
            // library call per 8 floats (with memmove, 10% of a CIFAR ResNet step in perf).
            for (int r = 0; r < 4 && b * 4 + r < Cout; r++) {
                float *o = out + (size_t)(b * 4 + r) * outPlane;
                for (int v = 0; v < valid; v++) {
                    const float *src = acc + (r * 3 + v) * 8;
                    if (cnt[v] == 8) _mm256_storeu_ps(o + ooff[v], _mm256_loadu_ps(src));
                    else for (int k = 0; k < cnt[v]; k++) o[ooff[v] + k] = src[k];
                }
            }
        }
    }
    ck_free_tap_offsets(offsets, stackOffsets);
}

CK_TARGET static inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/// One pass of the weight gradient: channel c's kernel row i against the 4 gradient channels
/// of block b over n images, into sums[4][3]; with sumsBias (a constant at each call, so the
/// compiler keeps the 4 extra accumulators out of the other passes), also each gradient
/// channel's total into bias[4].
CK_TARGET static inline __attribute__((always_inline)) void weight_grad_pass(
    const float *xp, ptrdiff_t xStride, const float *g, ptrdiff_t gStride, int n, size_t plane, int Wp,
    int OH, int OW, size_t outPlane, int b, int c, int i, const size_t gOff[4], __m256i tailMask, int tail,
    const int sumsBias, float sums[4][3], float bias[4]) {
    const int nvx = (OW + 7) / 8;
    __m256 a00 = _mm256_setzero_ps(), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
    __m256 a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
    __m256 s0 = a00, s1 = a00, s2 = a00, s3 = a00;
    for (int img = 0; img < n; img++) {
        const float *xs = xp + img * xStride + c * plane + (size_t)i * Wp;
        const float *gs = g + img * gStride + (size_t)b * 4 * outPlane;
        const float *g0 = gs + gOff[0], *g1 = gs + gOff[1], *g2 = gs + gOff[2], *g3 = gs + gOff[3];
        for (int oy = 0; oy < OH; oy++) {
            const float *xr = xs + (size_t)oy * Wp;
            const size_t go = (size_t)oy * OW;
            for (int vx = 0; vx < nvx; vx++) {
                const float *x = xr + vx * 8;
                __m256 x0 = _mm256_loadu_ps(x), x1 = _mm256_loadu_ps(x + 1), x2 = _mm256_loadu_ps(x + 2);
                const size_t o = go + vx * 8;
                __m256 q0, q1, q2, q3;
                if (vx < nvx - 1 || tail == 8) {
                    q0 = _mm256_loadu_ps(g0 + o); q1 = _mm256_loadu_ps(g1 + o);
                    q2 = _mm256_loadu_ps(g2 + o); q3 = _mm256_loadu_ps(g3 + o);
                } else {
                    q0 = _mm256_maskload_ps(g0 + o, tailMask); q1 = _mm256_maskload_ps(g1 + o, tailMask);
                    q2 = _mm256_maskload_ps(g2 + o, tailMask); q3 = _mm256_maskload_ps(g3 + o, tailMask);
                }
                a00 = _mm256_fmadd_ps(q0, x0, a00); a01 = _mm256_fmadd_ps(q0, x1, a01); a02 = _mm256_fmadd_ps(q0, x2, a02);
                a10 = _mm256_fmadd_ps(q1, x0, a10); a11 = _mm256_fmadd_ps(q1, x1, a11); a12 = _mm256_fmadd_ps(q1, x2, a12);
                a20 = _mm256_fmadd_ps(q2, x0, a20); a21 = _mm256_fmadd_ps(q2, x1, a21); a22 = _mm256_fmadd_ps(q2, x2, a22);
                a30 = _mm256_fmadd_ps(q3, x0, a30); a31 = _mm256_fmadd_ps(q3, x1, a31); a32 = _mm256_fmadd_ps(q3, x2, a32);
                if (sumsBias) {
                    s0 = _mm256_add_ps(s0, q0); s1 = _mm256_add_ps(s1, q1);
                    s2 = _mm256_add_ps(s2, q2); s3 = _mm256_add_ps(s3, q3);
                }
            }
        }
    }
    sums[0][0] = hsum(a00); sums[0][1] = hsum(a01); sums[0][2] = hsum(a02);
    sums[1][0] = hsum(a10); sums[1][1] = hsum(a11); sums[1][2] = hsum(a12);
    sums[2][0] = hsum(a20); sums[2][1] = hsum(a21); sums[2][2] = hsum(a22);
    sums[3][0] = hsum(a30); sums[3][1] = hsum(a31); sums[3][2] = hsum(a32);
    if (sumsBias) { bias[0] = hsum(s0); bias[1] = hsum(s1); bias[2] = hsum(s2); bias[3] = hsum(s3); }
}

CK_TARGET void ck_conv3x3_weight_grad(const float *xp, ptrdiff_t xStride, const float *g, ptrdiff_t gStride, int n,
                                      int C, int Hp, int Wp, int Cout, int OH, int OW, float *dw, float *db) {
    const int nvx = (OW + 7) / 8;
    const size_t plane = (size_t)Hp * Wp, outPlane = (size_t)OH * OW;
    const int tail = OW - (nvx - 1) * 8;  // valid lanes of each row's last vector
    int lanes[8];
    for (int k = 0; k < 8; k++) lanes[k] = k < tail ? -1 : 0;
    const __m256i tailMask = _mm256_loadu_si256((const __m256i *)lanes);
    const int blocks = (Cout + 3) / 4;
    for (int b = 0; b < blocks; b++) {
        size_t gOff[4];
        ck_block_grad_offsets(Cout, b, outPlane, gOff);
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < 3; i++) {
                float sums[4][3], bias[4];
                // Every pass reads every output row (the padding is in xp): the first one sums
                // the bias gradient along.
                if (db && c == 0 && i == 0) {
                    weight_grad_pass(xp, xStride, g, gStride, n, plane, Wp, OH, OW, outPlane, b, c, i, gOff, tailMask,
                                     tail, 1, sums, bias);
                    for (int r = 0; r < 4 && b * 4 + r < Cout; r++) db[b * 4 + r] += bias[r];
                } else {
                    weight_grad_pass(xp, xStride, g, gStride, n, plane, Wp, OH, OW, outPlane, b, c, i, gOff, tailMask,
                                     tail, 0, sums, bias);
                }
                ck_add_block_weight_grad(dw, Cout, C, b, c, i, sums);
            }
        }
    }
}

#endif  // x86-64 (other CPUs: non_x86.c)
