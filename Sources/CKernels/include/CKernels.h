// Hand-vectorised kernels for the engine's hottest loops (AVX2 + FMA on x86-64), called
// only when ck_has_avx2_fma() says the CPU has them; the engine falls back to im2col + BLAS.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>

/// 1 when the CPU supports AVX2 and FMA (and these kernels were compiled for it), else 0.
int ck_has_avx2_fma(void);

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
void ck_conv3x3_weight_grad(const float *xp, ptrdiff_t xStride, const float *g, ptrdiff_t gStride, int n,
                            int C, int Hp, int Wp, int Cout, int OH, int OW, float *dw);

#endif
