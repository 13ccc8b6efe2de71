// Per-shape rates of the skinny GEMM (Sources/CKernels/small_gemm.c), its AVX-512 kernel and
// its AVX2 one where the CPU has them, against OpenBLAS's cblas_sgemm, one thread, best of 5
// runs of at least 0.1 s each; checks that they agree. It backs the rule in
// Sources/Engine/Ops/SkinnyGEMM.swift (bench/results/README.md). Build at -O3, as Package.swift builds
// CKernels (clang's register allocation differs at -O2).
//
//   clang -O3 -ISources/CKernels/include bench/skinny_gemm.c Sources/CKernels/small_gemm.c Sources/CKernels/isa.c -lopenblas -lm -o /tmp/skinny
//   OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=SKYLAKEX /tmp/skinny   # the core lessons forces where OpenBLAS falls back
#include "CKernels.h"
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

// The calling thread's CPU time (OpenBLAS runs on it with 1 thread): a fair clock on a shared machine.
static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static void openblas(int tA, int tB, int m, int n, int k, const float *a, const float *b, float *c) {
    cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, 1,
                a, tA ? m : k, b, tB ? k : n, 0, c, n);
}

static int isa;  // CK_ISA_AVX512 or CK_ISA_AVX2: the kernel `ours` runs

static void ours(int tA, int tB, int m, int n, int k, const float *a, const float *b, float *c) {
    (isa == CK_ISA_AVX512 ? ck_sgemm_skinny_avx512 : ck_sgemm_skinny_avx2)(m, n, k, a, tA ? 1 : k, tA ? m : 1, b,
                                                                          tB ? 1 : n, tB ? k : 1, c, n, 0);
}

int main(void) {
    if (!ck_isa_supported(CK_ISA_AVX2)) { puts("neither AVX-512 nor AVX2 here"); return 0; }
    // {transA, transB, m, n, k}: the MLP's products first (forward x.W1, dW1 = x^T g, Linear's
    // x W^T, dX = g W), then wider C to find where OpenBLAS wins.
    const int shapes[][5] = {{0, 0, 256, 30, 784}, {1, 0, 784, 30, 256}, {0, 1, 256, 30, 784}, {0, 0, 256, 784, 30},
                             {0, 0, 256, 16, 784}, {0, 0, 256, 48, 784}, {0, 0, 256, 1, 30}, {1, 0, 30, 1, 256}, {0, 0, 1024, 64, 1024}, {0, 0, 1024, 96, 1024},
                             {0, 0, 1024, 128, 1024}, {0, 0, 512, 512, 512}};
    const size_t cap = 4u << 20;
    float *a = malloc(4 * cap), *b = malloc(4 * cap), *c = malloc(4 * cap), *d = malloc(4 * cap);
    for (size_t i = 0; i < cap; i++) { a[i] = rand() / (float)RAND_MAX - .5f; b[i] = rand() / (float)RAND_MAX - .5f; }
    for (isa = CK_ISA_AVX512; isa >= CK_ISA_AVX2; isa--) {
    if (!ck_isa_supported(isa)) continue;
    printf("%s kernel:\n", isa == CK_ISA_AVX512 ? "AVX-512" : "AVX2");
    for (unsigned s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        const int tA = shapes[s][0], tB = shapes[s][1], m = shapes[s][2], n = shapes[s][3], k = shapes[s][4];
        openblas(tA, tB, m, n, k, a, b, c);
        ours(tA, tB, m, n, k, a, b, d);
        double e = 0, nn = 0;
        for (int i = 0; i < m * n; i++) { e += (c[i] - d[i]) * (c[i] - d[i]); nn += c[i] * c[i]; }
        double best[2] = {1e9, 1e9};
        for (int rep = 0; rep < 5; rep++)
            for (int w = 0; w < 2; w++) {
                int it = 0;
                const double t0 = now();
                do { if (w) ours(tA, tB, m, n, k, a, b, d); else openblas(tA, tB, m, n, k, a, b, c); it++; } while (now() - t0 < 0.1);
                const double t = (now() - t0) / it;
                if (t < best[w]) best[w] = t;
            }
        const double flops = 2.0 * m * n * k;
        printf("%c%c m=%4d n=%4d k=%4d  OpenBLAS %6.1f GFLOP/s  ours %6.1f  ours/OpenBLAS %5.2fx  rel.err %.1e\n",
               tA ? 'T' : 'N', tB ? 'T' : 'N', m, n, k, flops / best[0] / 1e9, flops / best[1] / 1e9, best[0] / best[1], sqrt(e / nn));
    }
    }
    return 0;
}
