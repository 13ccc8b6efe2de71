// Hand-vectorised kernels for the engine's hottest loops (AVX2 + FMA, and AVX-512F, on
// x86-64), called only when ck_isa_supported() says the CPU has the instruction set; the
// engine falls back to im2col + BLAS ("generic").
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>

/// Instruction-set paths of the kernels, in increasing order.
enum { CK_ISA_GENERIC = 0, CK_ISA_AVX2 = 1, CK_ISA_AVX512 = 2 };

/// 1 when the CPU can run the kernels of path `isa` (CK_ISA_*), else 0. Generic is always 1.
int ck_isa_supported(int isa);

/// 1 when the CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels need (F, BW, DQ, VL, CD).
int ck_cpu_has_skylakex_isa(void);

/// Stride-1 convolution of one zero-padded image, as a direct loop over the kernel taps.
///   xp:   the padded input [C][Hp][Wp]; Wp >= round_up(OW, 8) + kw - 1 and every element
///         initialised (zeros around the image), as vectors of 8 read past the last column.
///   wp:   weights packed by ck_pack_weights: [ceil(Cout/4)][C][kh][kw][4].
///   bias: [Cout] or NULL.
///   out:  [Cout][OH][OW], overwritten.
void ck_conv_forward(const float *xp, int C, int Hp, int Wp,
                     const float *wp, const float *bias, int Cout, int kh, int kw,
                     float *out, int OH, int OW);

/// Packs w [Cout][C][kh][kw] into ck_conv_forward's layout (zero-padded to a multiple of 4
/// output channels). When `flip` is set, packs instead the weights of the input gradient:
/// input and output channels swapped and the kernel rotated by 180 degrees
/// (the result then has C "output" channels over Cout "input" channels).
void ck_pack_weights(const float *w, int Cout, int C, int kh, int kw, int flip, float *wp);

/// Adds the weight gradient of a stride-1 3x3 convolution over n images to dw [Cout][C][3][3]:
///   dw[o][c][i][j] += sum over images, oy, ox of g[o][oy][ox] * xp[c][oy + i][ox + j]
///   xp: padded inputs, image b at xp + b * xStride, each [C][Hp][Wp] as for ck_conv_forward.
///   g:  output gradients, image b at g + b * gStride, each [Cout][OH][OW].
///   db: NULL, or [Cout], to which each gradient channel's sum over the n images is added (the
///       bias gradient, from the gradient loads the kernel does anyway).
void ck_conv3x3_weight_grad(const float *xp, ptrdiff_t xStride, const float *g, ptrdiff_t gStride, int n,
                            int C, int Hp, int Wp, int Cout, int OH, int OW, float *dw, float *db);

/// ck_conv_forward for AVX-512F CPUs. Same packed weights; the output is computed over the
/// padded grid flattened (rows of Wp, the columns past OW discarded), 16 pixels a vector, so
/// narrow images fill whole vectors. Reads up to CK_AVX512_SLACK floats past the end of xp's
/// [C][Hp][Wp] (they must be readable; their values only reach discarded outputs).
void ck_conv_forward_avx512(const float *xp, int C, int Hp, int Wp,
                            const float *wp, const float *bias, int Cout, int kh, int kw,
                            float *out, int OH, int OW);

/// ck_conv_forward_avx512 without the padded copy, for convolutions that keep the width
/// (kw odd, horizontal padding (kw - 1) / 2; any vertical padding ph): reads x [C][H][W] in
/// place, its output pixels flattened (rows of W, no dropped columns), and masks off the lanes
/// whose input pixel lies in the padding (they count as 0). It may read into the imagesBefore
/// images of [C][H][W] before x and the imagesAfter after it (the rest of a batch: their values
/// are masked off); where a block would reach further, it masks its loads as well.
/// Needs kh, kw <= CK_SAME_MAX_REACH and OH * W < 2^20. out: [Cout][OH][W], OH = H + 2 ph - kh + 1.
void ck_conv_forward_same_avx512(const float *x, int C, int H, int W, const float *wp, const float *bias,
                                 int Cout, int kh, int kw, int ph, float *out, int OH,
                                 int imagesBefore, int imagesAfter);

/// Largest kernel side, and kernel area, that ck_conv_forward_same_avx512 takes.
#define CK_SAME_MAX_REACH 7
#define CK_SAME_MAX_POSITIONS 49

/// Floats past the padded image that ck_conv_forward_avx512 may read.
#define CK_AVX512_SLACK 128

/// ck_conv3x3_weight_grad for AVX-512F CPUs, without padded copies: reads the images x
/// [C][H][W] in place (image b at x + b * xStride) for a stride-1 3x3 convolution with padding
/// (ph, pw), 16 output pixels a vector (of one row, or of several where the output is as wide
/// as the input and its width divides 16); the lanes whose input pixel lies in the padding are
/// masked off (they count as 0), and so are the lanes past each row's end. It may read into the
/// imagesBefore images (and gradients) before the first and the imagesAfter after the last (the
/// rest of a batch: their values are masked off); rows that would reach further mask their loads.
///   g:  output gradients [Cout][OH][OW] each, OH = H + 2 ph - 2, OW = W + 2 pw - 2.
///   db: NULL, or (only for ph <= 1) [Cout], to which each gradient channel's sum over the n
///       images is added (the bias gradient, from the gradient loads the kernel does anyway).
void ck_conv3x3_weight_grad_avx512(const float *x, ptrdiff_t xStride, const float *g, ptrdiff_t gStride,
                                   int n, int imagesBefore, int imagesAfter,
                                   int C, int H, int W, int ph, int pw, int Cout, float *dw, float *db);

/// C (+)= A * B for AVX-512F CPUs, meant for skinny products (n up to a few 32-column panels):
/// A(i, p) = a[i * rsA + p * csA] (m x k), B(p, j) = b[p * rsB + j * csB] (k x n),
/// C(i, j) = c[i * ldc + j] (m x n, row-major); `accumulate` adds to C instead of overwriting.
/// Strides let either operand be transposed without a copy (B is packed inside, once).
void ck_sgemm_skinny_avx512(int m, int n, int k, const float *a, long rsA, long csA,
                            const float *b, long rsB, long csB, float *c, long ldc, int accumulate);

/// ck_sgemm_skinny_avx512 for AVX2 + FMA CPUs (same operands; 16-column panels).
void ck_sgemm_skinny_avx2(int m, int n, int k, const float *a, long rsA, long csA,
                          const float *b, long rsB, long csB, float *c, long ldc, int accumulate);

/// The CPU's hint that this thread is waiting on another (PAUSE on x86-64, YIELD on ARM):
/// for the engine's worker threads as they watch for the next parallel region.
static inline void ck_spin_pause(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

#endif
