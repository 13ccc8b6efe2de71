// Which instruction sets the CPU offers to the kernels (see CKernels.h).
//
// The kernel files are compiled for plain x86-64 and mark their functions with target
// attributes, so one binary runs everywhere and the engine asks here at run time.
#include "CKernels.h"

int ck_isa_supported(int isa) {
    switch (isa) {
    case CK_ISA_GENERIC: return 1;
#if defined(__x86_64__)  // the kernels' assembly is x86-64's
    case CK_ISA_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case CK_ISA_AVX512:
        __builtin_cpu_init();
        // The AVX-512 kernels use AVX-512F only (plus FMA, which every AVX-512 CPU has).
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    default: return 0;
    }
}

int ck_cpu_has_skylakex_isa(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd");
#else
    return 0;
#endif
}
