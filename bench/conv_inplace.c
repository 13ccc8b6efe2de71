// The AVX-512 convolution kernels on the CIFAR ResNet's 3x3 layers (C -> C channels at 32x32,
// and its deeper stages' 32 at 16x16 and 64 at 8x8, pad 1), one thread: the forward pass over a padded copy of each image (the copy counted, as
// the engine makes it) against the in-place kernel, and the in-place 3x3 weight gradient;
// medians (and best) of interleaved rounds, so a shared machine's slow minutes hit both sides.
// Checks both forward results against float64 on the first and last image (the in-place
// kernel masks its loads there, where no neighbouring image is readable). It backs the choice
// in Sources/Engine/Ops/ConvDirect.swift (bench/results/README.md). Build at -O3, as
// Package.swift builds CKernels.
//
//   clang -O3 -ISources/CKernels/include -ISources/CKernels bench/conv_inplace.c Sources/CKernels/conv.c \
//         Sources/CKernels/conv_avx512.c Sources/CKernels/isa.c -lm -o /tmp/conv_inplace
//   /tmp/conv_inplace [rounds [images]]   # default 15 rounds of 32 images (a batch of 128: 8 MiB+ a tensor, past the L2)
#include "CKernels.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int ascending(const void *a, const void *b) { const double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
static float uniform(void) { return (float)(rand() % 2001) / 1000.0f - 1.0f; }

/// Largest |out - exact| over image b (exact: the convolution in double).
static double error(const float *x, const float *w, const float *bias, const float *out, int b, int C, int H, int W) {
    double worst = 0;
    for (int o = 0; o < C; o++)
        for (int y = 0; y < H; y++)
            for (int xx = 0; xx < W; xx++) {
                double s = bias[o];
                for (int c = 0; c < C; c++)
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++) {
                            const int iy = y + i - 1, ix = xx + j - 1;
                            if (iy >= 0 && iy < H && ix >= 0 && ix < W)
                                s += (double)w[((o * C + c) * 3 + i) * 3 + j] * x[(((size_t)b * C + c) * H + iy) * W + ix];
                        }
                const double d = fabs(out[(((size_t)b * C + o) * H + y) * W + xx] - s);
                worst = d > worst ? d : worst;
            }
    return worst;
}

int main(int argc, char **argv) {
    if (!ck_isa_supported(CK_ISA_AVX512)) { printf("no AVX-512 on this CPU\n"); return 0; }
    const int rounds = argc > 1 ? atoi(argv[1]) : 15, N = argc > 2 ? atoi(argv[2]) : 32;
    printf("C->C 3x3, %d images, GFLOP/s median (best) of %d interleaved rounds\n", N, rounds);
    printf("%9s %18s %18s %18s   %s\n", "C HxW", "padded forward", "in-place forward", "weight gradient", "max error vs float64");
    const int shapes[5][2] = {{16, 32}, {32, 32}, {64, 32}, {32, 16}, {64, 8}};  // C, H = W
    for (int s = 0; s < 5; s++) {
        const int C = shapes[s][0], H = shapes[s][1], W = H, Hp = H + 2, Wp = W + 2;
        const size_t image = (size_t)C * H * W, padded = (size_t)C * Hp * Wp + CK_AVX512_SLACK;
        float *x = aligned_alloc(64, sizeof(float) * N * image), *out = aligned_alloc(64, sizeof(float) * N * image);
        float *same = aligned_alloc(64, sizeof(float) * N * image), *xp = aligned_alloc(64, sizeof(float) * (padded + 16));
        float *w = malloc(sizeof(float) * C * C * 9), *packed = malloc(sizeof(float) * C * C * 9), *bias = malloc(sizeof(float) * C);
        float *dw = malloc(sizeof(float) * C * C * 9), *db = malloc(sizeof(float) * C);
        for (size_t i = 0; i < N * image; i++) x[i] = uniform();
        for (int i = 0; i < C * C * 9; i++) w[i] = uniform();
        for (int i = 0; i < C; i++) bias[i] = uniform();
        ck_pack_weights(w, C, C, 3, 3, 0, packed);
        memset(xp, 0, sizeof(float) * (padded + 16));
        const double flops = 2.0 * N * C * C * 9 * H * W;
        double rate[3][64];
        for (int r = 0; r < rounds && r < 64; r++) {
            double t0 = now();
            for (int b = 0; b < N; b++) {
                for (int c = 0; c < C; c++)
                    for (int y = 0; y < H; y++) memcpy(xp + (c * Hp + y + 1) * Wp + 1, x + b * image + (c * H + y) * W, sizeof(float) * W);
                ck_conv_forward_avx512(xp, C, Hp, Wp, packed, bias, C, 3, 3, out + b * image, H, W);
            }
            double t1 = now();
            for (int b = 0; b < N; b++)
                ck_conv_forward_same_avx512(x + b * image, C, H, W, packed, bias, C, 3, 3, 1, same + b * image, H, b, N - 1 - b);
            double t2 = now();
            memset(dw, 0, sizeof(float) * C * C * 9);
            memset(db, 0, sizeof(float) * C);
            // The gradient (the forward output stands in for it), as many images a call as
            // Sources/Engine/Ops/ConvDirect.swift gives the kernel.
            int chunk = 384 * 1024 / (4 * 2 * (int)image), byPass = 32 * 1024 / (4 * 5 * H * W);
            chunk = chunk < byPass ? chunk : byPass;
            chunk = chunk < 1 ? 1 : chunk > N ? N : chunk;
            for (int b = 0; b < N; b += chunk) {
                const int m = N - b < chunk ? N - b : chunk;
                ck_conv3x3_weight_grad_avx512(x + b * image, image, same + b * image, image, m, b, N - b - m, C, H, W, 1, 1, C, dw, db);
            }
            double t3 = now();
            rate[0][r] = flops / (t1 - t0) * 1e-9, rate[1][r] = flops / (t2 - t1) * 1e-9, rate[2][r] = flops / (t3 - t2) * 1e-9;
        }
        const int n = rounds < 64 ? rounds : 64;
        for (int k = 0; k < 3; k++) qsort(rate[k], n, sizeof(double), ascending);
        double errPadded = 0, errSame = 0;
        for (int b = 0; b < N; b += N - 1) {
            const double e1 = error(x, w, bias, out, b, C, H, W), e2 = error(x, w, bias, same, b, C, H, W);
            errPadded = e1 > errPadded ? e1 : errPadded, errSame = e2 > errSame ? e2 : errSame;
        }
        printf("%3d %2dx%-2d %10.1f (%5.1f) %10.1f (%5.1f) %10.1f (%5.1f)   padded %.1e, in place %.1e\n", C, H, W, rate[0][n / 2], rate[0][n - 1],
               rate[1][n / 2], rate[1][n - 1], rate[2][n / 2], rate[2][n - 1], errPadded, errSame);
        free(x), free(out), free(same), free(xp), free(w), free(packed), free(bias), free(dw), free(db);
    }
    return 0;
}
