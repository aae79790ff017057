// CONV_2D and DEPTHWISE_CONV_2D. A work item computes four consecutive output channels (float4) of
// one or two output pixels. Each channel's sum runs ky, kx, i in the reference's order, and conv2d fuses
// each multiply-add with fma() or rounds product and sum apart (FUSED_CONV, the host's Numerics choice)
// as the reference does, so results are the reference's bit for bit. Depthwise rounds each product (no
// fma, see common.cl), also as the reference does.
//
// Defines: N, IH, IW, IC, OH, OW, OC, OC4 = ceil(OC/4), OW2 = ceil(OW/2) (conv2d), KH, KW, SH, SW, DH,
// DW, PT (pad top), PL (pad left), HAS_BIAS, FUSED_CONV (conv2d), ACT_*.

#ifdef KERNEL_conv2d
#if FUSED_CONV
#define MADD(a, b, acc) fma(a, b, acc)
#else
#define MADD(a, b, acc) ((acc) + (a) * (b))
#endif
// conv2d weights are repacked at compile time to [KH][KW][IC][OC4*4] (zero padded) so that the four
// channels of a work item are one float4; the bias to [OC4*4]. A work item takes two horizontally
// adjacent output pixels (OW2 = ceil(OW/2) pairs per row), so that each filter load serves both.
__kernel void conv2d(__global const float* x, int xOff,
                     __global const float* w, int wOff, int bOff,
                     __global float* y, int yOff) {
    const int gid = get_global_id(0);
    if (gid >= N * OH * OW2 * OC4) {
        return;
    }
    const int o4 = gid % OC4;
    int p = gid / OC4;
    const int ox = (p % OW2) * 2;
    p /= OW2;
    const int oy = p % OH;
    const int n = p / OH;
    const bool second = ox + 1 < OW;
    const int iy0 = oy * SH - PT;
    const int ix0 = ox * SW - PL;
    float4 acc0 = (float4)(0.0f);
    float4 acc1 = (float4)(0.0f);
    for (int ky = 0; ky < KH; ky++) {
        const int iy = iy0 + ky * DH;
        if (iy < 0 || iy >= IH) {
            continue;
        }
        __global const float* row = x + xOff + (n * IH + iy) * IW * IC;
        for (int kx = 0; kx < KW; kx++) {
            const int ixa = ix0 + kx * DW;
            const int ixb = ixa + SW;
            const bool va = ixa >= 0 && ixa < IW;
            const bool vb = second && ixb >= 0 && ixb < IW;
            __global const float* wp = w + wOff + (ky * KW + kx) * IC * (OC4 * 4) + o4 * 4;
            // taps outside the input add nothing (skipped, as in the reference)
            if (va && vb) {
                __global const float* xa = row + ixa * IC;
                __global const float* xb = row + ixb * IC;
                for (int i = 0; i < IC; i++) {
                    const float4 wv = vload4(0, wp + i * (OC4 * 4));
                    acc0 = MADD((float4)(xa[i]), wv, acc0);
                    acc1 = MADD((float4)(xb[i]), wv, acc1);
                }
            } else if (va) {
                __global const float* xa = row + ixa * IC;
                for (int i = 0; i < IC; i++) {
                    acc0 = MADD((float4)(xa[i]), vload4(0, wp + i * (OC4 * 4)), acc0);
                }
            } else if (vb) {
                __global const float* xb = row + ixb * IC;
                for (int i = 0; i < IC; i++) {
                    acc1 = MADD((float4)(xb[i]), vload4(0, wp + i * (OC4 * 4)), acc1);
                }
            }
        }
    }
#if HAS_BIAS
    const float4 bias = vload4(0, w + bOff + o4 * 4);
    acc0 = acc0 + bias;
    acc1 = acc1 + bias;
#endif
    __global float* yp = y + yOff + ((n * OH + oy) * OW + ox) * OC + o4 * 4;
    store_partial4(ACT4(acc0), yp, OC - o4 * 4);
    if (second) {
        store_partial4(ACT4(acc1), yp + OC, OC - o4 * 4);
    }
}
#endif

#ifdef KERNEL_depthwise_conv2d
// Depthwise: weights [1,KH,KW,OC] as in the graph, output channel o reads input channel o / DM.
// With DM == 1 and IC % 4 == 0 (VEC4), a work item takes four channels as float4; otherwise one.
__kernel void depthwise_conv2d(__global const float* x, int xOff,
                               __global const float* w, int wOff, int bOff,
                               __global float* y, int yOff) {
    const int gid = get_global_id(0);
#if VEC4
    const int lanes = OC / 4;
#else
    const int lanes = OC;
#endif
    if (gid >= N * OH * OW * lanes) {
        return;
    }
    const int lane = gid % lanes;
    int p = gid / lanes;
    const int ox = p % OW;
    p /= OW;
    const int oy = p % OH;
    const int n = p / OH;
    const int iy0 = oy * SH - PT;
    const int ix0 = ox * SW - PL;
#if VEC4
    float4 acc = (float4)(0.0f);
#else
    const int c = lane / DM;
    float acc = 0.0f;
#endif
    for (int ky = 0; ky < KH; ky++) {
        const int iy = iy0 + ky * DH;
        if (iy < 0 || iy >= IH) {
            continue;
        }
        for (int kx = 0; kx < KW; kx++) {
            const int ix = ix0 + kx * DW;
            if (ix < 0 || ix >= IW) {
                continue;
            }
            __global const float* xp = x + xOff + ((n * IH + iy) * IW + ix) * IC;
            __global const float* wp = w + wOff + (ky * KW + kx) * OC;
#if VEC4
            acc += vload4(lane, xp) * vload4(lane, wp);
#else
            acc += xp[c] * wp[lane];
#endif
        }
    }
#if VEC4
#if HAS_BIAS
    acc = acc + vload4(lane, w + bOff);
#endif
    vstore4(ACT4(acc), lane, y + yOff + ((n * OH + oy) * OW + ox) * OC);
#else
#if HAS_BIAS
    acc = acc + w[bOff + lane];
#endif
    y[yOff + ((n * OH + oy) * OW + ox) * OC + lane] = ACT(acc);
#endif
}
#endif
