// The AVX-512 kernels' shared pieces (conv_avx512.c, small_gemm.c); private to CKernels
// (not in include/, so not part of the module Swift imports).
#ifndef CK_AVX512_H
#define CK_AVX512_H
#if defined(__x86_64__)
#include <immintrin.h>

#define CK512 __attribute__((target("avx512f,avx2,fma")))

/// Zeroes zmm16-31 (and so the upper halves VZEROUPPER leaves): code compiled without AVX
/// (Swift's SSE loops) that runs next pays a penalty on every instruction while any of
/// them holds a non-zero upper half, which halved the speed of everything around the
/// AVX-512 kernels in the first measurements.
#define CK_CLEAR_HIGH_ZMM()                                                                                 \
    __asm__ volatile("vpxord %%xmm16, %%xmm16, %%xmm16\n\t vpxord %%xmm17, %%xmm17, %%xmm17\n\t"          \
                     "vpxord %%xmm18, %%xmm18, %%xmm18\n\t vpxord %%xmm19, %%xmm19, %%xmm19\n\t"          \
                     "vpxord %%xmm20, %%xmm20, %%xmm20\n\t vpxord %%xmm21, %%xmm21, %%xmm21\n\t"          \
                     "vpxord %%xmm22, %%xmm22, %%xmm22\n\t vpxord %%xmm23, %%xmm23, %%xmm23\n\t"          \
                     "vpxord %%xmm24, %%xmm24, %%xmm24\n\t vpxord %%xmm25, %%xmm25, %%xmm25\n\t"          \
                     "vpxord %%xmm26, %%xmm26, %%xmm26\n\t vpxord %%xmm27, %%xmm27, %%xmm27\n\t"          \
                     "vpxord %%xmm28, %%xmm28, %%xmm28\n\t vpxord %%xmm29, %%xmm29, %%xmm29\n\t"          \
                     "vpxord %%xmm30, %%xmm30, %%xmm30\n\t vpxord %%xmm31, %%xmm31, %%xmm31\n\t vzeroupper" \
                     ::: "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24",    \
                         "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31")

#endif
#endif
