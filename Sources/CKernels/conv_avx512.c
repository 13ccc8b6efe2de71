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
// Forward in place (ck_conv_forward_same_avx512, for convolutions that keep the width, as
// every 3x3 pad-1 layer does): the same register block over the unpadded image, its output
// flattened with row stride W, so no column is dropped; each tap is one offset from the
// output pixel, and the lanes whose input pixel lies in the padding are masked off in the
// load (a masked lane reads nothing, so no padded copy and no slack past the image are
// needed). The taps run kernel position by kernel position, channel by channel, so the 6
// masks change 9 times a block (3x3), not once a tap.
//
// Weight gradient (3x3, any padding, always in place): the AVX2 kernel's loop with 16-lane
// vectors; each output vector's lanes are masked per kernel column where the input pixel is
// padding or the row has ended, the output rows whose input row is padding are skipped, and
// the pass over every output row sums the bias gradient along.
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

/// The assembly both forward blocks share. Registers: zmm0-23 the accumulators (channel r,
/// vector v in zmm(6r + v)), zmm24-29 a tap's 6 input vectors, zmm30-31 broadcast weights.
/// Start: every channel's 6 accumulators at its bias (operand [bias]).
#define CK_ZMM_BLOCK_START \
    "vbroadcastss 0(%[bias]), %%zmm0\n\t" \
    "vmovaps %%zmm0, %%zmm1\n\t" "vmovaps %%zmm0, %%zmm2\n\t" "vmovaps %%zmm0, %%zmm3\n\t" \
    "vmovaps %%zmm0, %%zmm4\n\t" "vmovaps %%zmm0, %%zmm5\n\t" \
    "vbroadcastss 4(%[bias]), %%zmm6\n\t" \
    "vmovaps %%zmm6, %%zmm7\n\t" "vmovaps %%zmm6, %%zmm8\n\t" "vmovaps %%zmm6, %%zmm9\n\t" \
    "vmovaps %%zmm6, %%zmm10\n\t" "vmovaps %%zmm6, %%zmm11\n\t" \
    "vbroadcastss 8(%[bias]), %%zmm12\n\t" \
    "vmovaps %%zmm12, %%zmm13\n\t" "vmovaps %%zmm12, %%zmm14\n\t" "vmovaps %%zmm12, %%zmm15\n\t" \
    "vmovaps %%zmm12, %%zmm16\n\t" "vmovaps %%zmm12, %%zmm17\n\t" \
    "vbroadcastss 12(%[bias]), %%zmm18\n\t" \
    "vmovaps %%zmm18, %%zmm19\n\t" "vmovaps %%zmm18, %%zmm20\n\t" "vmovaps %%zmm18, %%zmm21\n\t" \
    "vmovaps %%zmm18, %%zmm22\n\t" "vmovaps %%zmm18, %%zmm23\n\t"

/// One tap: the 4 weights at W (an address operand, as text) times the 6 input vectors.
#define CK_ZMM_BLOCK_TAP(W) \
    "vbroadcastss 0(" W "), %%zmm30\n\t" \
    "vbroadcastss 4(" W "), %%zmm31\n\t" \
    "vfmadd231ps %%zmm24, %%zmm30, %%zmm0\n\t" \
    "vfmadd231ps %%zmm25, %%zmm30, %%zmm1\n\t" \
    "vfmadd231ps %%zmm26, %%zmm30, %%zmm2\n\t" \
    "vfmadd231ps %%zmm27, %%zmm30, %%zmm3\n\t" \
    "vfmadd231ps %%zmm28, %%zmm30, %%zmm4\n\t" \
    "vfmadd231ps %%zmm29, %%zmm30, %%zmm5\n\t" \
    "vbroadcastss 8(" W "), %%zmm30\n\t" \
    "vfmadd231ps %%zmm24, %%zmm31, %%zmm6\n\t" \
    "vfmadd231ps %%zmm25, %%zmm31, %%zmm7\n\t" \
    "vfmadd231ps %%zmm26, %%zmm31, %%zmm8\n\t" \
    "vfmadd231ps %%zmm27, %%zmm31, %%zmm9\n\t" \
    "vfmadd231ps %%zmm28, %%zmm31, %%zmm10\n\t" \
    "vfmadd231ps %%zmm29, %%zmm31, %%zmm11\n\t" \
    "vbroadcastss 12(" W "), %%zmm31\n\t" \
    "vfmadd231ps %%zmm24, %%zmm30, %%zmm12\n\t" \
    "vfmadd231ps %%zmm25, %%zmm30, %%zmm13\n\t" \
    "vfmadd231ps %%zmm26, %%zmm30, %%zmm14\n\t" \
    "vfmadd231ps %%zmm27, %%zmm30, %%zmm15\n\t" \
    "vfmadd231ps %%zmm28, %%zmm30, %%zmm16\n\t" \
    "vfmadd231ps %%zmm29, %%zmm30, %%zmm17\n\t" \
    "vfmadd231ps %%zmm24, %%zmm31, %%zmm18\n\t" \
    "vfmadd231ps %%zmm25, %%zmm31, %%zmm19\n\t" \
    "vfmadd231ps %%zmm26, %%zmm31, %%zmm20\n\t" \
    "vfmadd231ps %%zmm27, %%zmm31, %%zmm21\n\t" \
    "vfmadd231ps %%zmm28, %%zmm31, %%zmm22\n\t" \
    "vfmadd231ps %%zmm29, %%zmm31, %%zmm23\n\t"

/// End: the 24 accumulators to acc[4][96] (operand [acc]), upper halves cleared.
#define CK_ZMM_BLOCK_STORE \
    "vmovups %%zmm0, 0(%[acc])\n\t"    "vmovups %%zmm1, 64(%[acc])\n\t"   "vmovups %%zmm2, 128(%[acc])\n\t" \
    "vmovups %%zmm3, 192(%[acc])\n\t"  "vmovups %%zmm4, 256(%[acc])\n\t"  "vmovups %%zmm5, 320(%[acc])\n\t" \
    "vmovups %%zmm6, 384(%[acc])\n\t"  "vmovups %%zmm7, 448(%[acc])\n\t"  "vmovups %%zmm8, 512(%[acc])\n\t" \
    "vmovups %%zmm9, 576(%[acc])\n\t"  "vmovups %%zmm10, 640(%[acc])\n\t" "vmovups %%zmm11, 704(%[acc])\n\t" \
    "vmovups %%zmm12, 768(%[acc])\n\t" "vmovups %%zmm13, 832(%[acc])\n\t" "vmovups %%zmm14, 896(%[acc])\n\t" \
    "vmovups %%zmm15, 960(%[acc])\n\t" "vmovups %%zmm16, 1024(%[acc])\n\t" "vmovups %%zmm17, 1088(%[acc])\n\t" \
    "vmovups %%zmm18, 1152(%[acc])\n\t" "vmovups %%zmm19, 1216(%[acc])\n\t" "vmovups %%zmm20, 1280(%[acc])\n\t" \
    "vmovups %%zmm21, 1344(%[acc])\n\t" "vmovups %%zmm22, 1408(%[acc])\n\t" "vmovups %%zmm23, 1472(%[acc])\n\t" \
    "vzeroupper\n\t"

/// What the blocks overwrite, besides their own operands.
#define CK_ZMM_BLOCK_CLOBBERS \
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", \
    "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", \
    "xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31", "memory", "cc"

/// 24 accumulators (4 channels x 6 vectors of 16 at x, x+16, ..., x+80), started at the
/// channels' biases, over `taps` taps (x + offsets[t]; w advances by 4 per tap); stores them
/// to acc[4][96]. Assembly for the same reason as the AVX2 kernel: a spill in the inner loop
/// costs more than the kernel gains.
CK512 static inline void forward_block16(const float *x, const int *offsets, long taps, const float *w,
                                         const float bias[4], float acc[384]) {
    __asm__ volatile(
        CK_ZMM_BLOCK_START
        "1:\n\t"
        "movslq (%[off]), %%rax\n\t"
        "leaq (%[x],%%rax,4), %%rax\n\t"
        "vmovups 0(%%rax), %%zmm24\n\t"
        "vmovups 64(%%rax), %%zmm25\n\t"
        "vmovups 128(%%rax), %%zmm26\n\t"
        "vmovups 192(%%rax), %%zmm27\n\t"
        "vmovups 256(%%rax), %%zmm28\n\t"
        "vmovups 320(%%rax), %%zmm29\n\t"
        CK_ZMM_BLOCK_TAP("%[w]")
        "addq $16, %[w]\n\t"
        "addq $4, %[off]\n\t"
        "decq %[n]\n\t"
        "jnz 1b\n\t"
        CK_ZMM_BLOCK_STORE
        : [w] "+r"(w), [off] "+r"(offsets), [n] "+r"(taps)
        : [x] "r"(x), [bias] "r"(bias), [acc] "r"(acc)
        : "rax", CK_ZMM_BLOCK_CLOBBERS);
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

/// The same 24 accumulators over the unpadded image: for each of `positions` kernel positions
/// (offsets[t] from the output pixel, masks[t][6] the lanes of the 6 vectors whose input pixel
/// lies inside the image; the others read as 0), every input channel (x advances by `plane`
/// floats, w by `wStride`). w starts at the block's tap 0 of channel 0 and advances by 4 a
/// position.
CK512 static inline void forward_same_block16(const float *x, long planeBytes, long channels, const int *offsets,
                                              const unsigned short *masks, long positions, const float *w,
                                              long wStrideBytes, const float bias[4], float acc[384]) {
    __asm__ volatile(
        CK_ZMM_BLOCK_START
        "1:\n\t"
        "movslq (%[off]), %%rax\n\t"
        "leaq (%[x],%%rax,4), %%rax\n\t"
        "kmovw 0(%[mk]), %%k1\n\t" "kmovw 2(%[mk]), %%k2\n\t" "kmovw 4(%[mk]), %%k3\n\t"
        "kmovw 6(%[mk]), %%k4\n\t" "kmovw 8(%[mk]), %%k5\n\t" "kmovw 10(%[mk]), %%k6\n\t"
        "movq %[w], %%r10\n\t"
        "movq %[ch], %%r11\n\t"
        "2:\n\t"
        "vmovups 0(%%rax), %%zmm24%{%%k1%}%{z%}\n\t"
        "vmovups 64(%%rax), %%zmm25%{%%k2%}%{z%}\n\t"
        "vmovups 128(%%rax), %%zmm26%{%%k3%}%{z%}\n\t"
        "vmovups 192(%%rax), %%zmm27%{%%k4%}%{z%}\n\t"
        "vmovups 256(%%rax), %%zmm28%{%%k5%}%{z%}\n\t"
        "vmovups 320(%%rax), %%zmm29%{%%k6%}%{z%}\n\t"
        CK_ZMM_BLOCK_TAP("%%r10")
        "addq %[pb], %%rax\n\t"
        "addq %[wsb], %%r10\n\t"
        "decq %%r11\n\t"
        "jnz 2b\n\t"
        "addq $4, %[off]\n\t"
        "addq $12, %[mk]\n\t"
        "addq $16, %[w]\n\t"
        "decq %[n]\n\t"
        "jnz 1b\n\t"
        CK_ZMM_BLOCK_STORE
        : [w] "+r"(w), [off] "+r"(offsets), [mk] "+r"(masks), [n] "+r"(positions)
        : [x] "r"(x), [pb] "r"(planeBytes), [ch] "r"(channels), [wsb] "r"(wStrideBytes), [bias] "r"(bias), [acc] "r"(acc)
        : "rax", "r10", "r11", "k1", "k2", "k3", "k4", "k5", "k6", CK_ZMM_BLOCK_CLOBBERS);
}

/// The lanes of the 16 flat output positions from q0 (q = oy * W + ox, q < total) whose input
/// row oy + dy lies in [0, H) (rows[dy + maxReach]) or column ox + dx in [0, W), for the
/// kernel's reach: `rows` gets kh masks (dy = i - ph), `cols` kw masks (dx = j - pw).
CK512 static inline void same_lane_masks(long q0, long total, int H, int W, int kh, int ph, int kw, int pw,
                                         __mmask16 *rows, __mmask16 *cols) {
    const __m512i q = _mm512_add_epi32(_mm512_set1_epi32((int)q0),
                                       _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    // q / W in float: exact for q < 2^20 (the caller's bound), as q + 0.5 sits 0.5 / W from an integer.
    const __m512i oy = _mm512_cvttps_epi32(_mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(q), _mm512_set1_ps(0.5f)),
                                                         _mm512_set1_ps(1.0f / (float)W)));
    const __m512i ox = _mm512_sub_epi32(q, _mm512_mullo_epi32(oy, _mm512_set1_epi32(W)));
    const __mmask16 live = _mm512_cmplt_epi32_mask(q, _mm512_set1_epi32((int)total));
    for (int i = 0; i < kh; i++) {
        const __m512i iy = _mm512_add_epi32(oy, _mm512_set1_epi32(i - ph));
        rows[i] = live & _mm512_cmpge_epi32_mask(iy, _mm512_setzero_si512()) & _mm512_cmplt_epi32_mask(iy, _mm512_set1_epi32(H));
    }
    for (int j = 0; j < kw; j++) {
        const __m512i ix = _mm512_add_epi32(ox, _mm512_set1_epi32(j - pw));
        cols[j] = _mm512_cmpge_epi32_mask(ix, _mm512_setzero_si512()) & _mm512_cmplt_epi32_mask(ix, _mm512_set1_epi32(W));
    }
}

CK512 void ck_conv_forward_same_avx512(const float *x, int C, int H, int W, const float *wp, const float *bias,
                                       int Cout, int kh, int kw, int ph, float *out, int OH) {
    const int pw = (kw - 1) / 2;
    const long total = (long)OH * W, plane = (long)H * W;
    const int blocks = (Cout + 3) / 4, positions = kh * kw;
    // Outside the contract the output would be left unwritten: stop rather than return.
    if (kh > CK_SAME_MAX_REACH || kw > CK_SAME_MAX_REACH || kw % 2 == 0 || total >= (1L << 20)) abort();
    if (C <= 0 || total <= 0 || blocks == 0) return;
    int offsets[CK_SAME_MAX_POSITIONS];
    for (int i = 0, t = 0; i < kh; i++)
        for (int j = 0; j < kw; j++) offsets[t++] = (i - ph) * W + (j - pw);
    unsigned short masks[CK_SAME_MAX_POSITIONS * 6];
    float acc[384] __attribute__((aligned(64)));
    for (long start = 0; start < total; start += 96) {
        __mmask16 rows[6][CK_SAME_MAX_REACH], cols[6][CK_SAME_MAX_REACH];
        for (int v = 0; v < 6; v++) same_lane_masks(start + 16 * v, total, H, W, kh, ph, kw, pw, rows[v], cols[v]);
        for (int i = 0, t = 0; i < kh; i++)
            for (int j = 0; j < kw; j++, t++)
                for (int v = 0; v < 6; v++) masks[t * 6 + v] = rows[v][i] & cols[v][j];
        const long n = total - start < 96 ? total - start : 96;
        for (int b = 0; b < blocks; b++) {
            float bv[4];
            ck_block_bias(bias, Cout, b, bv);
            forward_same_block16(x + start, plane * 4, C, offsets, masks, positions, wp + (size_t)b * C * positions * 4,
                                 (long)positions * 16, bv, acc);
            for (int r = 0; r < 4 && b * 4 + r < Cout; r++) {
                float *o = out + (size_t)(b * 4 + r) * total + start;
                for (long k = 0; k < n; k += 16) {
                    const __mmask16 m = n - k >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - k)) - 1);
                    _mm512_mask_storeu_ps(o + k, m, _mm512_load_ps(acc + r * 96 + k));
                }
            }
        }
    }
    CK_CLEAR_HIGH_ZMM();
}

/// One vector of the in-place weight gradient: 16 output pixels of the 4 gradient rows at
/// g0..g3 + o (lanes m live) against the input row xr at the 3 kernel columns, from column c
/// (m0..m2: the live lanes whose input pixel lies in the image); with sumsBias, the gradient
/// rows are summed as well (s0..s3: the bias gradient).
#define CK_WG_STEP(xr, c, o, m0, m1, m2, m)                                                                \
    do {                                                                                                    \
        const __m512 x0 = _mm512_maskz_loadu_ps(m0, (xr) + (c)), x1 = _mm512_maskz_loadu_ps(m1, (xr) + (c) + 1); \
        const __m512 x2 = _mm512_maskz_loadu_ps(m2, (xr) + (c) + 2);                                        \
        const __m512 q0 = _mm512_maskz_loadu_ps(m, g0 + (o)), q1 = _mm512_maskz_loadu_ps(m, g1 + (o));      \
        const __m512 q2 = _mm512_maskz_loadu_ps(m, g2 + (o)), q3 = _mm512_maskz_loadu_ps(m, g3 + (o));      \
        a00 = _mm512_fmadd_ps(q0, x0, a00); a01 = _mm512_fmadd_ps(q0, x1, a01); a02 = _mm512_fmadd_ps(q0, x2, a02); \
        a10 = _mm512_fmadd_ps(q1, x0, a10); a11 = _mm512_fmadd_ps(q1, x1, a11); a12 = _mm512_fmadd_ps(q1, x2, a12); \
        a20 = _mm512_fmadd_ps(q2, x0, a20); a21 = _mm512_fmadd_ps(q2, x1, a21); a22 = _mm512_fmadd_ps(q2, x2, a22); \
        a30 = _mm512_fmadd_ps(q3, x0, a30); a31 = _mm512_fmadd_ps(q3, x1, a31); a32 = _mm512_fmadd_ps(q3, x2, a32); \
        if (sumsBias) {                                                                                     \
            s0 = _mm512_add_ps(s0, q0); s1 = _mm512_add_ps(s1, q1);                                         \
            s2 = _mm512_add_ps(s2, q2); s3 = _mm512_add_ps(s3, q3);                                         \
        }                                                                                                   \
    } while (0)

/// The lanes l of a 16-lane vector with lo <= l < hi.
static inline __mmask16 lanes_between(int lo, int hi) {
    lo = lo < 0 ? 0 : lo;
    hi = hi > 16 ? 16 : hi;
    return hi <= lo ? 0 : (__mmask16)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

CK512 void ck_conv3x3_weight_grad_avx512(const float *x, ptrdiff_t xStride, const float *g, ptrdiff_t gStride,
                                         int n, int C, int H, int W, int ph, int pw, int Cout, float *dw, float *db) {
    const int OH = H + 2 * ph - 2, OW = W + 2 * pw - 2;
    if (db && ph > 1) abort();  // no pass sees every output row: the caller sums the bias
    if (OH <= 0 || OW <= 0) return;
    const int nvx = (OW + 15) / 16;
    const size_t plane = (size_t)H * W, outPlane = (size_t)OH * OW;
    // Per output vector: its live lanes, and those whose input column ox + j - pw lies in [0, W).
    __mmask16 stackMasks[4 * 64];
    __mmask16 *masks = nvx <= 64 ? stackMasks : malloc(sizeof(__mmask16) * 4 * (size_t)nvx);
    if (!masks) abort();
    for (int vx = 0; vx < nvx; vx++) {
        const __mmask16 live = lanes_between(0, OW - vx * 16);
        for (int j = 0; j < 3; j++) masks[vx * 4 + j] = live & lanes_between(pw - j - vx * 16, W + pw - j - vx * 16);
        masks[vx * 4 + 3] = live;
    }
    // The bias gradient rides on the gradient loads of the pass (channel 0, kernel row ph)
    // that sees every output row.
    const int biasRow = db ? ph : -1;
    const int blocks = (Cout + 3) / 4;
    for (int b = 0; b < blocks; b++) {
        size_t gOff[4];
        ck_block_grad_offsets(Cout, b, outPlane, gOff);
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < 3; i++) {
                // Output rows whose input row oy + i - ph lies in the image; the others see padding.
                const int oyFirst = ph - i > 0 ? ph - i : 0, oyEnd = H + ph - i < OH ? H + ph - i : OH;
                const int sumsBias = c == 0 && i == biasRow;
                __m512 a00 = _mm512_setzero_ps(), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
                __m512 a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
                __m512 s0 = a00, s1 = a00, s2 = a00, s3 = a00;
                for (int img = 0; img < n; img++) {
                    // Row oy's kernel column 0 reads from input column -pw: x0 + vx * 16.
                    const float *xs = x + img * xStride + c * plane + (ptrdiff_t)(i - ph) * W - pw;
                    const float *gs = g + img * gStride + (size_t)b * 4 * outPlane;
                    const float *g0 = gs + gOff[0], *g1 = gs + gOff[1], *g2 = gs + gOff[2], *g3 = gs + gOff[3];
                    for (int oy = oyFirst; oy < oyEnd; oy++) {
                        const float *xr = xs + (size_t)oy * W;
                        const size_t go = (size_t)oy * OW;
                        for (int vx = 0; vx < nvx; vx++) {
                            const __mmask16 *m = masks + vx * 4;
                            CK_WG_STEP(xr, vx * 16, go + vx * 16, m[0], m[1], m[2], m[3]);
                        }
                    }
                }
#define SUM(v) _mm512_reduce_add_ps(v)
                const float sums[4][3] = {{SUM(a00), SUM(a01), SUM(a02)}, {SUM(a10), SUM(a11), SUM(a12)},
                                          {SUM(a20), SUM(a21), SUM(a22)}, {SUM(a30), SUM(a31), SUM(a32)}};
                if (sumsBias) {
                    const float bsums[4] = {SUM(s0), SUM(s1), SUM(s2), SUM(s3)};
                    for (int r = 0; r < 4 && b * 4 + r < Cout; r++) db[b * 4 + r] += bsums[r];
                }
#undef SUM
                ck_add_block_weight_grad(dw, Cout, C, b, c, i, sums);
            }
        }
    }
    if (masks != stackMasks) free(masks);
    CK_CLEAR_HIGH_ZMM();
}
#undef CK_WG_STEP

#endif  // x86-64 (other CPUs: non_x86.c)
