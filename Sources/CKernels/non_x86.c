// The kernels' entry points on CPUs other than x86-64: never called there, as
// ck_isa_supported() is 0 for the AVX2 and AVX-512 paths, but defined so that the engine
// links everywhere. One place for all of them, instead of an #else in each kernel file.
#include "CKernels.h"

#if !defined(__x86_64__)
void ck_conv_forward(const float *xp, int C, int Hp, int Wp, const float *wp, const float *bias, int Cout,
                     int kh, int kw, float *out, int OH, int OW) {
    (void)xp; (void)C; (void)Hp; (void)Wp; (void)wp; (void)bias; (void)Cout; (void)kh; (void)kw; (void)out; (void)OH; (void)OW;
}

void ck_conv3x3_weight_grad(const float *xp, ptrdiff_t xStride, const float *g, ptrdiff_t gStride, int n,
                            int C, int Hp, int Wp, int Cout, int OH, int OW, float *dw, float *db) {
    (void)xp; (void)xStride; (void)g; (void)gStride; (void)n; (void)C; (void)Hp; (void)Wp; (void)Cout; (void)OH; (void)OW; (void)dw; (void)db;
}

void ck_conv_forward_avx512(const float *xp, int C, int Hp, int Wp, const float *wp, const float *bias, int Cout,
                            int kh, int kw, float *out, int OH, int OW) {
    ck_conv_forward(xp, C, Hp, Wp, wp, bias, Cout, kh, kw, out, OH, OW);
}

void ck_conv3x3_weight_grad_avx512(const float *x, ptrdiff_t xStride, const float *g, ptrdiff_t gStride,
                                   int n, int imagesBefore, int imagesAfter,
                                   int C, int H, int W, int ph, int pw, int Cout, float *dw, float *db) {
    (void)imagesBefore; (void)imagesAfter; (void)x; (void)xStride; (void)g; (void)gStride; (void)n; (void)C; (void)H; (void)W; (void)ph; (void)pw; (void)Cout; (void)dw; (void)db;
}

void ck_conv_forward_same_avx512(const float *x, int C, int H, int W, const float *wp, const float *bias,
                                 int Cout, int kh, int kw, int ph, float *out, int OH,
                                 int imagesBefore, int imagesAfter) {
    (void)x; (void)C; (void)H; (void)W; (void)wp; (void)bias; (void)Cout; (void)kh; (void)kw; (void)ph; (void)out; (void)OH;
    (void)imagesBefore; (void)imagesAfter;
}

void ck_sgemm_skinny_avx2(int m, int n, int k, const float *a, long rsA, long csA,
                          const float *b, long rsB, long csB, float *c, long ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a; (void)rsA; (void)csA; (void)b; (void)rsB; (void)csB; (void)c; (void)ldc; (void)accumulate;
}

void ck_sgemm_skinny_avx512(int m, int n, int k, const float *a, long rsA, long csA,
                            const float *b, long rsB, long csB, float *c, long ldc, int accumulate) {
    ck_sgemm_skinny_avx2(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, accumulate);
}
#endif
