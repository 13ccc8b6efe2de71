// What the direct convolution kernels of every path share (conv.c, conv_avx512.c): the tap
// offset table, a block's biases, and the weight gradient's gradient channels and sums.
// Plain C, no instruction-set attributes; private to CKernels (not in include/).
#ifndef CK_CONV_BLOCKS_H
#define CK_CONV_BLOCKS_H
#include <stddef.h>
#include <stdlib.h>

/// Taps held on the stack; a kernel with more gets its table from malloc.
#define CK_STACK_TAPS 2048

/// The offset of every tap (channel, kernel row, kernel column) from an output pixel's
/// position in the padded input [C][plane of Hp x Wp]: into `stack` when `taps` fits
/// CK_STACK_TAPS, else into a malloc'ed table (release it with ck_free_tap_offsets).
static inline int *ck_tap_offsets(int C, size_t plane, int Wp, int kh, int kw, long taps, int stack[CK_STACK_TAPS]) {
    int *offsets = taps <= CK_STACK_TAPS ? stack : malloc(sizeof(int) * (size_t)taps);
    if (!offsets) abort();
    for (int c = 0, t = 0; c < C; c++)
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++) offsets[t++] = (int)(c * plane + (size_t)i * Wp + j);
    return offsets;
}

static inline void ck_free_tap_offsets(int *offsets, int stack[CK_STACK_TAPS]) {
    if (offsets != stack) free(offsets);
}

/// The biases of output channels 4b..4b+3 (0 past Cout, or without bias).
static inline void ck_block_bias(const float *bias, int Cout, int b, float bv[4]) {
    for (int r = 0; r < 4; r++) bv[r] = bias && b * 4 + r < Cout ? bias[b * 4 + r] : 0.0f;
}

/// Offsets (in floats, from channel 4b) of the 4 gradient channels of block b, each a plane
/// of outPlane; channels past Cout read channel 4b again, and their sums are dropped.
static inline void ck_block_grad_offsets(int Cout, int b, size_t outPlane, size_t offsets[4]) {
    const int rows = Cout - b * 4;
    for (int r = 0; r < 4; r++) offsets[r] = r < rows ? r * outPlane : 0;
}

/// Adds the 3 kernel columns' sums of each live channel of block b (sums[r][j]) to dw
/// [Cout][C][3][3] at input channel c, kernel row i.
static inline void ck_add_block_weight_grad(float *dw, int Cout, int C, int b, int c, int i, const float sums[4][3]) {
    for (int r = 0; r < 4 && b * 4 + r < Cout; r++) {
        float *d = dw + (((size_t)(b * 4 + r) * C + c) * 3 + i) * 3;
        d[0] += sums[r][0]; d[1] += sums[r][1]; d[2] += sums[r][2];
    }
}

#endif
