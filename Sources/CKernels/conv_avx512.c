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
// FMAs (a masked lane keeps its sum), so no padded copy is needed. The loads are plain: a
// lane off the mask reads a neighbouring pixel, or the batch's previous or next image, and
// where a block would reach past what the caller says the batch holds, its loads are masked
// too (a masked lane reads nothing). On Intel cores a masked load costs an extra uop on the
// ports the FMAs use, and masked loads everywhere ran 15-20 % slower than a padded copy;
// masked FMAs cost nothing. The taps run in passes of a few channels at one kernel position,
// so the 6 masks are loaded once a pass, not once a tap. The flat range's last 64 positions
// or fewer take a block of 4 vectors, so that an 8x8 image (64 positions) or a 16x16 one
// (two blocks of 96, then 64) computes no vector of nothing. A whole block (96 positions, 4
// live channels) stores its accumulators straight into the output rows, and blocks that see
// the same lane masks share them: at 32x32 and 16 channels, where a block is 144 taps, the
// copy through a buffer and the masks worked out per block were 4 % of the time.
//
// Weight gradient (3x3, any padding, always in place): the AVX2 kernel's loop with 16-lane
// vectors; each output vector's lanes are masked per kernel column where the input pixel is
// padding or the row has ended (in the FMAs, the loads plain, as in the forward pass), the
// output rows whose input row is padding are skipped, and the pass over every output row
// sums the bias gradient along. Images at most 16 wide whose width divides 16, with the
// output as wide, run their rows as one flat range, several rows a vector (8x8: 2, where a
// row a vector left half the lanes idle).
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

/// Six FMAs: the 6 input vectors (zmm24-29) times the broadcast weight in zmm(WR) into the
/// accumulators zmm(A) to zmm(A+5), each under its vector's mask K1..K6 (text: "%{%%kN%}"
/// merges lanes off, "" none). A masked-off lane keeps its sum: no ALU uop for the mask,
/// where a masked load costs one (on Intel cores, on the ports the FMAs need).
#define CK_ZMM_FMA6(WR, A0, A1, A2, A3, A4, A5, K1, K2, K3, K4, K5, K6) \
    "vfmadd231ps %%zmm24, %%zmm" WR ", %%zmm" A0 K1 "\n\t" \
    "vfmadd231ps %%zmm25, %%zmm" WR ", %%zmm" A1 K2 "\n\t" \
    "vfmadd231ps %%zmm26, %%zmm" WR ", %%zmm" A2 K3 "\n\t" \
    "vfmadd231ps %%zmm27, %%zmm" WR ", %%zmm" A3 K4 "\n\t" \
    "vfmadd231ps %%zmm28, %%zmm" WR ", %%zmm" A4 K5 "\n\t" \
    "vfmadd231ps %%zmm29, %%zmm" WR ", %%zmm" A5 K6 "\n\t"

/// One tap: the 4 weights at W (an address operand, as text) times the 6 input vectors, under
/// MASKS (CK_ZMM_UNMASKED or CK_ZMM_MASKED).
#define CK_ZMM_BLOCK_TAP(W, MASKS) CK_ZMM_BLOCK_TAP_(W, MASKS)
#define CK_ZMM_BLOCK_TAP_(W, K1, K2, K3, K4, K5, K6) \
    "vbroadcastss 0(" W "), %%zmm30\n\t" \
    "vbroadcastss 4(" W "), %%zmm31\n\t" \
    CK_ZMM_FMA6("30", "0", "1", "2", "3", "4", "5", K1, K2, K3, K4, K5, K6) \
    "vbroadcastss 8(" W "), %%zmm30\n\t" \
    CK_ZMM_FMA6("31", "6", "7", "8", "9", "10", "11", K1, K2, K3, K4, K5, K6) \
    "vbroadcastss 12(" W "), %%zmm31\n\t" \
    CK_ZMM_FMA6("30", "12", "13", "14", "15", "16", "17", K1, K2, K3, K4, K5, K6) \
    CK_ZMM_FMA6("31", "18", "19", "20", "21", "22", "23", K1, K2, K3, K4, K5, K6)
#define CK_ZMM_UNMASKED "", "", "", "", "", ""
#define CK_ZMM_MASKED "%{%%k1%}", "%{%%k2%}", "%{%%k3%}", "%{%%k4%}", "%{%%k5%}", "%{%%k6%}"

/// End: the 24 accumulators stored, channel r's 6 vectors from [acc] + r * [rs] bytes (acc[4][96]
/// with rs = 384, or straight into the output's channel rows), upper halves cleared.
#define CK_ZMM_BLOCK_STORE \
    "vmovups %%zmm0, 0(%[acc])\n\t"   "vmovups %%zmm1, 64(%[acc])\n\t"  "vmovups %%zmm2, 128(%[acc])\n\t" \
    "vmovups %%zmm3, 192(%[acc])\n\t" "vmovups %%zmm4, 256(%[acc])\n\t" "vmovups %%zmm5, 320(%[acc])\n\t" \
    "vmovups %%zmm6, 0(%[acc],%[rs],1)\n\t"   "vmovups %%zmm7, 64(%[acc],%[rs],1)\n\t" \
    "vmovups %%zmm8, 128(%[acc],%[rs],1)\n\t" "vmovups %%zmm9, 192(%[acc],%[rs],1)\n\t" \
    "vmovups %%zmm10, 256(%[acc],%[rs],1)\n\t" "vmovups %%zmm11, 320(%[acc],%[rs],1)\n\t" \
    "vmovups %%zmm12, 0(%[acc],%[rs],2)\n\t"   "vmovups %%zmm13, 64(%[acc],%[rs],2)\n\t" \
    "vmovups %%zmm14, 128(%[acc],%[rs],2)\n\t" "vmovups %%zmm15, 192(%[acc],%[rs],2)\n\t" \
    "vmovups %%zmm16, 256(%[acc],%[rs],2)\n\t" "vmovups %%zmm17, 320(%[acc],%[rs],2)\n\t" \
    "leaq (%[rs],%[rs],2), %%rax\n\t" \
    "vmovups %%zmm18, 0(%[acc],%%rax,1)\n\t"   "vmovups %%zmm19, 64(%[acc],%%rax,1)\n\t" \
    "vmovups %%zmm20, 128(%[acc],%%rax,1)\n\t" "vmovups %%zmm21, 192(%[acc],%%rax,1)\n\t" \
    "vmovups %%zmm22, 256(%[acc],%%rax,1)\n\t" "vmovups %%zmm23, 320(%[acc],%%rax,1)\n\t" \
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
        CK_ZMM_BLOCK_TAP("%[w]", CK_ZMM_UNMASKED)
        "addq $16, %[w]\n\t"
        "addq $4, %[off]\n\t"
        "decq %[n]\n\t"
        "jnz 1b\n\t"
        CK_ZMM_BLOCK_STORE
        : [w] "+r"(w), [off] "+r"(offsets), [n] "+r"(taps)
        : [x] "r"(x), [bias] "r"(bias), [acc] "r"(acc), [rs] "r"(384L)
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

/// One pass of the in-place block: `channels` input channels at one kernel position. x: the
/// position's offset from the block's first output pixel in its first channel (floats); mask:
/// the position's 6 lane masks (byte offset into the block's mask table); w: its first tap's
/// weights (byte offset from the block's).
typedef struct { int x, mask, channels, w; } ck_same_pass;

/// Input channels per pass. The planes of a 32x32 image lie 4 KiB apart, so a position's
/// vectors in every channel fall in the same few L1 sets: with all 64 channels in one pass,
/// they evicted each other before the next position came back to them (16 % slower on an
/// Intel Xeon than with planes of 31 rows, where they do not collide). 2 or 4 channels ran
/// as fast (1 pays a pass's mask loads every 24 FMAs); 2 also keeps the course's CIFAR ResNet
/// gradients within 1e-5 of a reference, where 4 and 8 summed in an order that moved those
/// below layer3.0 (ill-conditioned: see GoldenModelTests.testCifarResNet222) 2.1e-3 away.
#define CK_SAME_GROUP 2
#define CK_STR(x) CK_STR_(x)
#define CK_STR_(x) #x

/// The same 24 accumulators over the unpadded image, pass by pass (ck_same_pass; within a pass
/// x advances by planeBytes and w by wStrideBytes a channel); the FMAs of the lanes off a
/// position's masks leave their sums alone. Each tap prefetches the lines the next channel
/// group reads at the same position: the planes' common L1 sets hold fewer lines than a
/// block's channels need, so every group's first pass missed the L1 (3-6 % faster at 32x32).
/// LOADS: the 6 input vectors' load suffixes, CK_ZMM_UNMASKED (plain loads, which read the
/// padding's neighbours: the caller makes sure they are readable) or CK_ZMM_ZEROED (masked
/// loads, which read nothing off the mask).
#define CK_ZMM_ZEROED "%{%%k1%}%{z%}", "%{%%k2%}%{z%}", "%{%%k3%}%{z%}", "%{%%k4%}%{z%}", "%{%%k5%}%{z%}", "%{%%k6%}%{z%}"
#define CK_SAME_BLOCK_ASM(LOADS) CK_SAME_BLOCK_ASM_(LOADS)
#define CK_SAME_BLOCK_ASM_(Z1, Z2, Z3, Z4, Z5, Z6) \
    __asm__ volatile( \
        CK_ZMM_BLOCK_START \
        "1:\n\t" \
        "movslq 0(%[ps]), %%rax\n\t" \
        "leaq (%[x],%%rax,4), %%rax\n\t" \
        "movslq 4(%[ps]), %%r10\n\t" \
        "kmovw 0(%[mk],%%r10), %%k1\n\t" "kmovw 2(%[mk],%%r10), %%k2\n\t" "kmovw 4(%[mk],%%r10), %%k3\n\t" \
        "kmovw 6(%[mk],%%r10), %%k4\n\t" "kmovw 8(%[mk],%%r10), %%k5\n\t" "kmovw 10(%[mk],%%r10), %%k6\n\t" \
        "movslq 8(%[ps]), %%r11\n\t" \
        "movslq 12(%[ps]), %%r10\n\t" \
        "addq %[w], %%r10\n\t" \
        "2:\n\t" \
        "vmovups 0(%%rax), %%zmm24" Z1 "\n\t" \
        "vmovups 64(%%rax), %%zmm25" Z2 "\n\t" \
        "vmovups 128(%%rax), %%zmm26" Z3 "\n\t" \
        "vmovups 192(%%rax), %%zmm27" Z4 "\n\t" \
        "vmovups 256(%%rax), %%zmm28" Z5 "\n\t" \
        "vmovups 320(%%rax), %%zmm29" Z6 "\n\t" \
        "leaq (%%rax,%[pb]," CK_STR(CK_SAME_GROUP) "), %%rcx\n\t" \
        "prefetcht0 0(%%rcx)\n\t" "prefetcht0 64(%%rcx)\n\t" "prefetcht0 128(%%rcx)\n\t" "prefetcht0 192(%%rcx)\n\t" \
        "prefetcht0 256(%%rcx)\n\t" "prefetcht0 320(%%rcx)\n\t" "prefetcht0 384(%%rcx)\n\t" \
        CK_ZMM_BLOCK_TAP("%%r10", CK_ZMM_MASKED) \
        "addq %[pb], %%rax\n\t" \
        "addq %[wsb], %%r10\n\t" \
        "decq %%r11\n\t" \
        "jnz 2b\n\t" \
        "addq $16, %[ps]\n\t" \
        "decq %[n]\n\t" \
        "jnz 1b\n\t" \
        CK_ZMM_BLOCK_STORE \
        : [ps] "+r"(passes), [n] "+r"(count) \
        : [x] "r"(x), [mk] "r"(masks), [w] "r"(w), [pb] "r"(planeBytes), [wsb] "r"(wStrideBytes), \
          [bias] "r"(bias), [acc] "r"(dst), [rs] "r"(dstStrideBytes) \
        : "rax", "rcx", "r10", "r11", "k1", "k2", "k3", "k4", "k5", "k6", CK_ZMM_BLOCK_CLOBBERS)

CK512 static inline void forward_same_block16(const float *x, long planeBytes, const ck_same_pass *passes, long count,
                                              const unsigned short *masks, const float *w, long wStrideBytes,
                                              const float bias[4], float *dst, long dstStrideBytes, int plainLoads) {
    if (plainLoads)
        CK_SAME_BLOCK_ASM(CK_ZMM_UNMASKED);
    else
        CK_SAME_BLOCK_ASM(CK_ZMM_ZEROED);
}

/// The same pass structure with a block of 4 channels x 4 vectors (16 accumulators), for the
/// flat range's last 64 or fewer positions: an 8x8 image is 64 positions, and a 16x16 one
/// ends in 64 past two 96-position blocks, where the 6-vector block computed 2 vectors of
/// nothing (a third of the 8x8 layers' work). Few enough registers for the compiler.
CK512 static inline void forward_same_block4v(const float *x, long plane, const ck_same_pass *passes, long count,
                                              const unsigned short *masks, const float *w, long wStride,
                                              const float bias[4], float acc[384], const int plainLoads) {
    __m512 a[4][4];
    for (int r = 0; r < 4; r++) a[r][0] = a[r][1] = a[r][2] = a[r][3] = _mm512_set1_ps(bias[r]);
    for (long p = 0; p < count; p++) {
        const unsigned short *mk = masks + passes[p].mask / 2;
        const __mmask16 k0 = mk[0], k1 = mk[1], k2 = mk[2], k3 = mk[3];
        const float *xc = x + passes[p].x, *wc = w + passes[p].w / 4;
        for (int c = 0; c < passes[p].channels; c++, xc += plane, wc += wStride) {
            __m512 v0, v1, v2, v3;
            if (plainLoads)
                v0 = _mm512_loadu_ps(xc), v1 = _mm512_loadu_ps(xc + 16), v2 = _mm512_loadu_ps(xc + 32), v3 = _mm512_loadu_ps(xc + 48);
            else
                v0 = _mm512_maskz_loadu_ps(k0, xc), v1 = _mm512_maskz_loadu_ps(k1, xc + 16),
                v2 = _mm512_maskz_loadu_ps(k2, xc + 32), v3 = _mm512_maskz_loadu_ps(k3, xc + 48);
            for (int r = 0; r < 4; r++) {
                const __m512 b = _mm512_set1_ps(wc[r]);
                a[r][0] = _mm512_mask3_fmadd_ps(v0, b, a[r][0], k0);
                a[r][1] = _mm512_mask3_fmadd_ps(v1, b, a[r][1], k1);
                a[r][2] = _mm512_mask3_fmadd_ps(v2, b, a[r][2], k2);
                a[r][3] = _mm512_mask3_fmadd_ps(v3, b, a[r][3], k3);
            }
        }
    }
    for (int r = 0; r < 4; r++)
        for (int v = 0; v < 4; v++) _mm512_store_ps(acc + r * 96 + v * 16, a[r][v]);
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
                                       int Cout, int kh, int kw, int ph, float *out, int OH,
                                       int imagesBefore, int imagesAfter) {
    const int pw = (kw - 1) / 2;
    const long total = (long)OH * W, plane = (long)H * W;
    const int blocks = (Cout + 3) / 4, positions = kh * kw;
    // Outside the contract the output would be left unwritten: stop rather than return.
    if (kh > CK_SAME_MAX_REACH || kw > CK_SAME_MAX_REACH || kw % 2 == 0 || total >= (1L << 20)) abort();
    if (C <= 0 || total <= 0 || blocks == 0) return;
    // Passes: groups of CK_SAME_GROUP channels, each group at every kernel position.
    const long groups = (C + CK_SAME_GROUP - 1) / CK_SAME_GROUP, count = groups * positions;
    ck_same_pass stackPasses[1024];
    ck_same_pass *passes = count <= 1024 ? stackPasses : malloc(sizeof(ck_same_pass) * (size_t)count);
    if (!passes) abort();
    for (long gr = 0, t = 0; gr < groups; gr++)
        for (int i = 0, pos = 0; i < kh; i++)
            for (int j = 0; j < kw; j++, pos++, t++) {
                const long c0 = gr * CK_SAME_GROUP;
                passes[t] = (ck_same_pass){(int)(c0 * plane + (i - ph) * W + (j - pw)), pos * 12,
                                           (int)(C - c0 < CK_SAME_GROUP ? C - c0 : CK_SAME_GROUP),
                                           (int)((c0 * positions + pos) * 16)};
            }
    unsigned short masks[CK_SAME_MAX_POSITIONS * 6];
    float acc[384] __attribute__((aligned(64)));
    // A block's plain loads reach from its first position's first tap to its 96th's last tap
    // in the last channel: they must stay within what the caller says is readable.
    const long reachBack = (long)ph * W + pw, reachOn = (long)(kh - 1 - ph) * W + (kw - 1 - pw) + 1;
    const long lastChannel = (long)(C - 1) * plane, image = (long)C * plane;
    // Where W divides 96 every block starts at column 0, and the blocks whose taps all read rows
    // of the image (the middle ones) mask the same lanes: their masks are worked out once.
    const int blocksStartRows = 96 % W == 0;
    int masksAreMiddle = 0;
    for (long start = 0; start < total; start += 96) {
        const long n = total - start < 96 ? total - start : 96;
        const int narrow = n <= 64;  // the 4-vector block covers it
        const int plainLoads = start - reachBack >= -imagesBefore * image
                               && start + (narrow ? 64 : 96) + reachOn + lastChannel <= (1L + imagesAfter) * image;
        const int middle = blocksStartRows && n == 96 && start / W - ph >= 0 && (start + 95) / W + kh - 1 - ph < H;
        if (!middle || !masksAreMiddle) {
            __mmask16 rows[6][CK_SAME_MAX_REACH], cols[6][CK_SAME_MAX_REACH];
            for (int v = 0; v < 6; v++) same_lane_masks(start + 16 * v, total, H, W, kh, ph, kw, pw, rows[v], cols[v]);
            for (int i = 0, t = 0; i < kh; i++)
                for (int j = 0; j < kw; j++, t++)
                    for (int v = 0; v < 6; v++) masks[t * 6 + v] = rows[v][i] & cols[v][j];
            masksAreMiddle = middle;
        }
        for (int b = 0; b < blocks; b++) {
            float bv[4];
            ck_block_bias(bias, Cout, b, bv);
            const float *wb = wp + (size_t)b * C * positions * 4;
            // A whole block of 4 live channels stores straight into the output; others go through acc.
            if (n == 96 && b * 4 + 4 <= Cout) {
                forward_same_block16(x + start, plane * 4, passes, count, masks, wb, (long)positions * 16, bv,
                                     out + (size_t)b * 4 * total + start, total * 4, plainLoads);
                continue;
            }
            if (!narrow)
                forward_same_block16(x + start, plane * 4, passes, count, masks, wb, (long)positions * 16, bv, acc,
                                     96 * 4, plainLoads);
            else if (plainLoads)  // a constant argument each, so each inlined copy has one kind of load
                forward_same_block4v(x + start, plane, passes, count, masks, wb, (long)positions * 4, bv, acc, 1);
            else
                forward_same_block4v(x + start, plane, passes, count, masks, wb, (long)positions * 4, bv, acc, 0);
            for (int r = 0; r < 4 && b * 4 + r < Cout; r++) {
                float *o = out + (size_t)(b * 4 + r) * total + start;
                for (long k = 0; k < n; k += 16) {
                    const __mmask16 m = n - k >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - k)) - 1);
                    _mm512_mask_storeu_ps(o + k, m, _mm512_load_ps(acc + r * 96 + k));
                }
            }
        }
    }
    if (passes != stackPasses) free(passes);
    CK_CLEAR_HIGH_ZMM();
}

/// One vector of the in-place weight gradient: 16 output pixels of the 4 gradient rows at
/// g0..g3 + o against the input row xr at the 3 kernel columns, from column c. The FMAs of
/// column j add only the lanes of m0..m2 (live, and their input pixel in the image), the bias
/// sums (with sumsBias: s0..s3) only the live ones, m. LOAD(mask, address): plain loads read
/// the lanes off the mask too (a neighbouring pixel, or the next row's gradient: readable, and
/// not added), where masked ones would cost an ALU uop each on Intel cores, on the FMA ports.
#define CK_WG_STEP(LOAD, xr, c, o, m0, m1, m2, m)                                                          \
    do {                                                                                                    \
        const __m512 x0 = LOAD(m0, (xr) + (c)), x1 = LOAD(m1, (xr) + (c) + 1), x2 = LOAD(m2, (xr) + (c) + 2); \
        const __m512 q0 = LOAD(m, g0 + (o)), q1 = LOAD(m, g1 + (o)), q2 = LOAD(m, g2 + (o)), q3 = LOAD(m, g3 + (o)); \
        a00 = _mm512_mask3_fmadd_ps(q0, x0, a00, m0); a01 = _mm512_mask3_fmadd_ps(q0, x1, a01, m1);      \
        a02 = _mm512_mask3_fmadd_ps(q0, x2, a02, m2); a10 = _mm512_mask3_fmadd_ps(q1, x0, a10, m0);      \
        a11 = _mm512_mask3_fmadd_ps(q1, x1, a11, m1); a12 = _mm512_mask3_fmadd_ps(q1, x2, a12, m2);      \
        a20 = _mm512_mask3_fmadd_ps(q2, x0, a20, m0); a21 = _mm512_mask3_fmadd_ps(q2, x1, a21, m1);      \
        a22 = _mm512_mask3_fmadd_ps(q2, x2, a22, m2); a30 = _mm512_mask3_fmadd_ps(q3, x0, a30, m0);      \
        a31 = _mm512_mask3_fmadd_ps(q3, x1, a31, m1); a32 = _mm512_mask3_fmadd_ps(q3, x2, a32, m2);      \
        if (sumsBias) {                                                                                     \
            s0 = _mm512_mask_add_ps(s0, m, s0, q0); s1 = _mm512_mask_add_ps(s1, m, s1, q1);                 \
            s2 = _mm512_mask_add_ps(s2, m, s2, q2); s3 = _mm512_mask_add_ps(s3, m, s3, q3);                 \
        }                                                                                                   \
    } while (0)
#define CK_LOAD_PLAIN(mask, p) _mm512_loadu_ps(p)
#define CK_ALL_LANES ((__mmask16)0xFFFF)
#define CK_LOAD_MASKED(mask, p) _mm512_maskz_loadu_ps(mask, p)

/// The lanes l of a 16-lane vector with lo <= l < hi.
static inline __mmask16 lanes_between(int lo, int hi) {
    lo = lo < 0 ? 0 : lo;
    hi = hi > 16 ? 16 : hi;
    return hi <= lo ? 0 : (__mmask16)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

/// What the passes of one weight-gradient call share: how its images lie, the gradient
/// channels of the block (from the block's first), the lane masks, and what plain loads may
/// read (gEnd less the block's furthest channel offset, so that channel 0's rows compare).
typedef struct {
    ptrdiff_t xStride, gStride;
    size_t gOff[4];
    int n, W, OW, nvx;
    int middleFull;  // rows: the vectors between the first and the last have every lane live
    const __mmask16 *masks;  // rows: per vector, its 3 column masks and its live lanes
    __mmask16 cols[3];       // flat: every vector's column masks
    const float *xFirst, *xEnd, *gEnd;
} ck_wg_shape;

#define CK_WG_ACCUMULATORS                                                    \
    __m512 a00 = _mm512_setzero_ps(), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00; \
    __m512 a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;   \
    __m512 s0 = a00, s1 = a00, s2 = a00, s3 = a00
#define CK_WG_SUMS                                                                          \
    do {                                                                                     \
        sums[0][0] = _mm512_reduce_add_ps(a00), sums[0][1] = _mm512_reduce_add_ps(a01);      \
        sums[0][2] = _mm512_reduce_add_ps(a02), sums[1][0] = _mm512_reduce_add_ps(a10);      \
        sums[1][1] = _mm512_reduce_add_ps(a11), sums[1][2] = _mm512_reduce_add_ps(a12);      \
        sums[2][0] = _mm512_reduce_add_ps(a20), sums[2][1] = _mm512_reduce_add_ps(a21);      \
        sums[2][2] = _mm512_reduce_add_ps(a22), sums[3][0] = _mm512_reduce_add_ps(a30);      \
        sums[3][1] = _mm512_reduce_add_ps(a31), sums[3][2] = _mm512_reduce_add_ps(a32);      \
        if (sumsBias) {                                                                      \
            bsums[0] = _mm512_reduce_add_ps(s0), bsums[1] = _mm512_reduce_add_ps(s1);        \
            bsums[2] = _mm512_reduce_add_ps(s2), bsums[3] = _mm512_reduce_add_ps(s3);        \
        }                                                                                    \
    } while (0)

/// One pass (block, input channel, kernel row) over the images, a row of vectors an output
/// row: `rows` rows from x (image 0's input row for the first, from column -pw) and g (image
/// 0's gradient block at that output row). The passes are functions of their own, so that
/// the accumulators keep their registers: inlined into the kernel's loop nest, the compiler
/// spilled around them (16x16 layers ran 30 % faster once out).
CK512 __attribute__((noinline)) static void weight_grad_rows(const ck_wg_shape *sh, const float *x, const float *g,
                                                            int rows, int sumsBias, float sums[4][3], float bsums[4]) {
    const int nvx = sh->nvx, W = sh->W, OW = sh->OW;
    const __mmask16 *masks = sh->masks;
    const __mmask16 f0 = masks[0], f1 = masks[1], f2 = masks[2];
    const __mmask16 l0 = masks[(nvx - 1) * 4], l1 = masks[(nvx - 1) * 4 + 1], l2 = masks[(nvx - 1) * 4 + 2];
    const ptrdiff_t reach = (ptrdiff_t)nvx * 16;
    // Two vectors a row with only the first's column 0 and the second's column 2 masked (32x32).
    const int twoEdgeMasks = nvx == 2 && f1 == CK_ALL_LANES && f2 == CK_ALL_LANES && l0 == CK_ALL_LANES
                             && l1 == CK_ALL_LANES;
    CK_WG_ACCUMULATORS;
    // Each gradient row at gr + gOff[r]: one pointer that moves and three offsets, so that the
    // loop keeps every address in a register (four moving pointers spilled).
    const ptrdiff_t o1 = (ptrdiff_t)sh->gOff[1], o2 = (ptrdiff_t)sh->gOff[2], o3 = (ptrdiff_t)sh->gOff[3];
    for (int img = 0; img < sh->n; img++) {
        const float *xs = x + img * sh->xStride, *gs = g + img * sh->gStride;
        // Plain loads where every row of this image stays within what may be read, and no
        // bias is summed (one pass in 3C: it takes the masked loop).
        const int plain = sh->middleFull && !sumsBias && xs >= sh->xFirst
                          && xs + (size_t)(rows - 1) * W + reach + 2 <= sh->xEnd
                          && gs + (size_t)(rows - 1) * OW + reach <= sh->gEnd;
        const float *xr = xs, *gr = gs;
        if (plain && twoEdgeMasks) {
            // Two vectors a row, padding 1 (32x32): only the first vector's kernel column 0 and
            // the second's column 2 have lanes off. The other masks as constants leave two mask
            // registers live, not six (the compiler reloaded three from the stack every row),
            // and no loop runs between the two (10-15 % faster at 32x32).
            for (int oy = 0; oy < rows; oy++, xr += W, gr += OW) {
                const float *g0 = gr, *g1 = gr + o1, *g2 = gr + o2, *g3 = gr + o3;  // gOff[0] is 0
                CK_WG_STEP(CK_LOAD_PLAIN, xr, 0, 0, f0, CK_ALL_LANES, CK_ALL_LANES, CK_ALL_LANES);
                CK_WG_STEP(CK_LOAD_PLAIN, xr, 16, 16, CK_ALL_LANES, CK_ALL_LANES, l2, CK_ALL_LANES);
            }
        } else if (plain) {
            for (int oy = 0; oy < rows; oy++, xr += W, gr += OW) {
                const float *g0 = gr, *g1 = gr + o1, *g2 = gr + o2, *g3 = gr + o3;  // gOff[0] is 0
                if (nvx > 1) CK_WG_STEP(CK_LOAD_PLAIN, xr, 0, 0, f0, f1, f2, CK_ALL_LANES);
                for (int vx = 1; vx < nvx - 1; vx++)
                    CK_WG_STEP(CK_LOAD_PLAIN, xr, vx * 16, vx * 16, CK_ALL_LANES, CK_ALL_LANES, CK_ALL_LANES,
                               CK_ALL_LANES);
                CK_WG_STEP(CK_LOAD_PLAIN, xr, (nvx - 1) * 16, (nvx - 1) * 16, l0, l1, l2, CK_ALL_LANES);
            }
        } else {
            for (int oy = 0; oy < rows; oy++, xr += W, gr += OW) {
                const float *g0 = gr, *g1 = gr + o1, *g2 = gr + o2, *g3 = gr + o3;  // gOff[0] is 0
                for (int vx = 0; vx < nvx; vx++) {
                    const __mmask16 *m = masks + vx * 4;
                    CK_WG_STEP(CK_LOAD_MASKED, xr, vx * 16, vx * 16, m[0], m[1], m[2], m[3]);
                }
            }
        }
    }
    CK_WG_SUMS;
}

/// The same pass over images whose rows run as one flat range (see `flat` below): `len`
/// output positions an image, every vector under the same column masks, the last maybe
/// ending mid-vector.
CK512 __attribute__((noinline)) static void weight_grad_flat(const ck_wg_shape *sh, const float *x, const float *g,
                                                            long len, int sumsBias, float sums[4][3], float bsums[4]) {
    const long whole = len / 16 * 16, reach = (len + 15) / 16 * 16;
    const __mmask16 t = lanes_between(0, (int)(len - whole)), c0 = sh->cols[0], c1 = sh->cols[1], c2 = sh->cols[2];
    CK_WG_ACCUMULATORS;
    for (int img = 0; img < sh->n; img++) {
        const float *xr = x + img * sh->xStride, *gs = g + img * sh->gStride;
        const float *g0 = gs + sh->gOff[0], *g1 = gs + sh->gOff[1], *g2 = gs + sh->gOff[2], *g3 = gs + sh->gOff[3];
        if (!sumsBias && xr >= sh->xFirst && xr + reach + 2 <= sh->xEnd && gs + reach <= sh->gEnd) {
            // An image is a few vectors (8x8: 4): unrolled, as a loop that short costs a
            // mispredicted exit per image.
#define CK_WG_FLAT(v) CK_WG_STEP(CK_LOAD_PLAIN, xr, v, v, c0, c1, c2, CK_ALL_LANES)
            switch (whole / 16) {
            case 4: CK_WG_FLAT(48); /* fall through */
            case 3: CK_WG_FLAT(32); /* fall through */
            case 2: CK_WG_FLAT(16); /* fall through */
            case 1: CK_WG_FLAT(0); /* fall through */
            case 0: break;
            default:
                for (long v = 0; v < whole; v += 16) CK_WG_FLAT(v);
            }
#undef CK_WG_FLAT
            if (t) CK_WG_STEP(CK_LOAD_PLAIN, xr, whole, whole, c0 & t, c1 & t, c2 & t, CK_ALL_LANES);
        } else {
            for (long v = 0; v < whole; v += 16) CK_WG_STEP(CK_LOAD_MASKED, xr, v, v, c0, c1, c2, CK_ALL_LANES);
            if (t) CK_WG_STEP(CK_LOAD_MASKED, xr, whole, whole, c0 & t, c1 & t, c2 & t, t);
        }
    }
    CK_WG_SUMS;
}
#undef CK_WG_ACCUMULATORS
#undef CK_WG_SUMS

CK512 void ck_conv3x3_weight_grad_avx512(const float *x, ptrdiff_t xStride, const float *g, ptrdiff_t gStride,
                                         int n, int imagesBefore, int imagesAfter,
                                         int C, int H, int W, int ph, int pw, int Cout, float *dw, float *db) {
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
    // The plain-load loop runs where only a row's first and last vectors have lanes off
    // (padding, or past the row's end: live lanes are in every column's mask; not so with a
    // padding wider than a vector). Their masks stay in registers, as one loaded from memory
    // costs a uop on the FMA ports of Intel cores; the vectors between run unmasked.
    ck_wg_shape sh = {.xStride = xStride, .gStride = gStride, .n = n, .W = W, .OW = OW, .nvx = nvx, .middleFull = 1,
                      .masks = masks};
    for (int k = 4; k < (nvx - 1) * 4; k++) sh.middleFull &= masks[k] == (__mmask16)0xFFFF;
    if (nvx > 1) sh.middleFull &= masks[3] == (__mmask16)0xFFFF;
    // Images no wider than a vector, which holds whole rows of them (8x8: 2), with the output
    // as wide as the input: the vectors run over the rows as one flat range, as in the forward
    // pass (a row a vector left half the lanes of an 8x8 layer idle), all under the same
    // column masks.
    const int flat = OW == W && W <= 16 && 16 % W == 0;
    for (int j = 0; j < 3; j++) {
        sh.cols[j] = 0;
        for (int l = 0; l < 16; l++) sh.cols[j] |= (__mmask16)((l % W + j - pw >= 0 && l % W + j - pw < W) << l);
    }
    const int blocks = (Cout + 3) / 4;
    // What plain loads may read: the n images and their neighbours, as the caller says.
    sh.xFirst = x - imagesBefore * xStride, sh.xEnd = x + (n + imagesAfter - 1) * xStride + (ptrdiff_t)C * plane;
    const float *gEnd = g + (n + imagesAfter - 1) * gStride + (ptrdiff_t)Cout * outPlane;
    for (int b = 0; b < blocks; b++) {
        ck_block_grad_offsets(Cout, b, outPlane, sh.gOff);
        size_t gLastOff = 0;  // the block's last gradient channel: where its rows reach furthest
        for (int r = 0; r < 4; r++) gLastOff = sh.gOff[r] > gLastOff ? sh.gOff[r] : gLastOff;
        sh.gEnd = gEnd - gLastOff;
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < 3; i++) {
                // Output rows whose input row oy + i - ph lies in the image; the others see padding.
                const int oyFirst = ph - i > 0 ? ph - i : 0, oyEnd = H + ph - i < OH ? H + ph - i : OH;
                const int sumsBias = c == 0 && i == biasRow;
                // Image 0's input row for output row oyFirst, from column -pw; its gradient row.
                const float *xs = x + c * plane + (ptrdiff_t)(oyFirst + i - ph) * W - pw;
                const float *gs = g + (size_t)b * 4 * outPlane + (size_t)oyFirst * OW;
                float sums[4][3], bsums[4];
                if (flat)
                    weight_grad_flat(&sh, xs, gs, (long)(oyEnd - oyFirst) * W, sumsBias, sums, bsums);
                else
                    weight_grad_rows(&sh, xs, gs, oyEnd - oyFirst, sumsBias, sums, bsums);
                if (sumsBias)
                    for (int r = 0; r < 4 && b * 4 + r < Cout; r++) db[b * 4 + r] += bsums[r];
                ck_add_block_weight_grad(dw, Cout, C, b, c, i, sums);
            }
        }
    }
    if (masks != stackMasks) free(masks);
    CK_CLEAR_HIGH_ZMM();
}
#undef CK_WG_STEP
#undef CK_LOAD_PLAIN
#undef CK_ALL_LANES
#undef CK_LOAD_MASKED

#endif  // x86-64 (other CPUs: non_x86.c)
