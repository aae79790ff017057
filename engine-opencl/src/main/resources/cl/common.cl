// Prepended to every amesh OpenCL program. Float semantics follow the scalar reference kernels
// (engine-cpu): no contraction of a*b+c into fma, so every product is rounded before it is added, except
// where a kernel calls fma() itself, as conv2d does when the reference's convolution fuses (Numerics).
#pragma OPENCL FP_CONTRACT OFF

// Fused activation: ACT_KIND 0 = NONE, otherwise clamp to [ACT_LO, ACT_HI] (RELU, RELU6, RELU_N1_TO_1).
// A NaN passes through, as Math.min(Math.max(v, lo), hi) does in the reference.
#ifndef ACT_KIND
#define ACT_KIND 0
#endif
#if ACT_KIND == 0
#define ACT(v) (v)
#define ACT4(v) (v)
#else
#define ACT(v) ((v) < ACT_LO ? ACT_LO : ((v) > ACT_HI ? ACT_HI : (v)))
#define ACT4(v) act4(v)
inline float4 act4(float4 v) {
    const float4 lo = (float4)(ACT_LO);
    const float4 hi = (float4)(ACT_HI);
    v = select(v, lo, v < lo);
    return select(v, hi, v > hi);
}
#endif

// Writes the first `valid` (1..4) lanes of v to p.
inline void store_partial4(float4 v, __global float* p, int valid) {
    if (valid >= 4) {
        vstore4(v, 0, p);
        return;
    }
    p[0] = v.s0;
    if (valid > 1) {
        p[1] = v.s1;
    }
    if (valid > 2) {
        p[2] = v.s2;
    }
}
