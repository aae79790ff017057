// ADD, MUL, PRELU (binary, NumPy broadcasting) and RELU.
//
// Defines for binary: OPK (0 ADD, 1 MUL, 2 PRELU with b = alpha), SIZE (output elements), ACT_*, and
// one of the layouts:
//   SAME      a and b have the output's shape; a work item takes four elements.
//   CHANNEL_B a has the output's shape, b holds the last axis (CH elements, CH % 4 == 0); four per item.
//   otherwise general broadcasting over six axes (rank padded on the left): D0..D5 output dims,
//             SA0..SA5 and SB0..SB5 element strides of a and b (0 along a broadcast axis).

#ifdef KERNEL_binary
inline float combine(float a, float b) {
#if OPK == 0
    return ACT(a + b);
#elif OPK == 1
    return ACT(a * b);
#else
    return a >= 0.0f ? a : a * b;
#endif
}

inline float4 combine4(float4 a, float4 b) {
#if OPK == 0
    return ACT4(a + b);
#elif OPK == 1
    return ACT4(a * b);
#else
    return select(a * b, a, a >= (float4)(0.0f));
#endif
}

__kernel void binary(__global const float* a, int aOff, __global const float* b, int bOff,
                     __global float* y, int yOff) {
    const int gid = get_global_id(0);
#if SAME || CHANNEL_B
    const int i = gid * 4;
    if (i >= SIZE) {
        return;
    }
#if SAME
    const int bi = i;
#else
    const int bi = i % CH;
#endif
    if (i + 4 <= SIZE) {
        vstore4(combine4(vload4(0, a + aOff + i), vload4(0, b + bOff + bi)), 0, y + yOff + i);
    } else {
        for (int k = i; k < SIZE; k++) {
            y[yOff + k] = combine(a[aOff + k], b[bOff + bi + (k - i)]);
        }
    }
#else
    if (gid >= SIZE) {
        return;
    }
    int r = gid;
    const int i5 = r % D5;
    r /= D5;
    const int i4 = r % D4;
    r /= D4;
    const int i3 = r % D3;
    r /= D3;
    const int i2 = r % D2;
    r /= D2;
    const int i1 = r % D1;
    const int i0 = r / D1;
    const int ia = i0 * SA0 + i1 * SA1 + i2 * SA2 + i3 * SA3 + i4 * SA4 + i5 * SA5;
    const int ib = i0 * SB0 + i1 * SB1 + i2 * SB2 + i3 * SB3 + i4 * SB4 + i5 * SB5;
    y[yOff + gid] = combine(a[aOff + ia], b[bOff + ib]);
#endif
}
#endif

#ifdef KERNEL_relu
// RELU: x < 0 ? 0 : x, four elements per work item. Defines: SIZE.
__kernel void relu(__global const float* x, int xOff, __global float* y, int yOff) {
    const int i = get_global_id(0) * 4;
    if (i >= SIZE) {
        return;
    }
    if (i + 4 <= SIZE) {
        const float4 v = vload4(0, x + xOff + i);
        vstore4(select(v, (float4)(0.0f), v < (float4)(0.0f)), 0, y + yOff + i);
    } else {
        for (int k = i; k < SIZE; k++) {
            const float v = x[xOff + k];
            y[yOff + k] = v < 0.0f ? 0.0f : v;
        }
    }
}
#endif
