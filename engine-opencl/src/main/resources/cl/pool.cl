// MAX_POOL_2D (see the kernel for the defines).
#ifdef KERNEL_max_pool2d
// MAX_POOL_2D: the maximum over the window clipped to the input, starting from -FLT_MAX; a NaN input is
// skipped (max < v is false), as in the reference. Defines: N, IH, IW, C, OH, OW, FH, FW, SH, SW, PT,
// PL, ACT_*.
__kernel void max_pool2d(__global const float* x, int xOff, __global float* y, int yOff) {
    const int gid = get_global_id(0);
    if (gid >= N * OH * OW * C) {
        return;
    }
    const int c = gid % C;
    int p = gid / C;
    const int ox = p % OW;
    p /= OW;
    const int oy = p % OH;
    const int n = p / OH;
    const int iy0 = oy * SH - PT;
    const int ix0 = ox * SW - PL;
    const int kyStart = max(0, -iy0);
    const int kyEnd = min(FH, IH - iy0);
    const int kxStart = max(0, -ix0);
    const int kxEnd = min(FW, IW - ix0);
    float m = -FLT_MAX;
    for (int ky = kyStart; ky < kyEnd; ky++) {
        for (int kx = kxStart; kx < kxEnd; kx++) {
            const float v = x[xOff + ((n * IH + iy0 + ky) * IW + ix0 + kx) * C + c];
            if (m < v) {
                m = v;
            }
        }
    }
    y[yOff + gid] = ACT(m);
}
#endif
