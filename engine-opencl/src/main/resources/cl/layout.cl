// Data movement: PAD, STRIDED_SLICE, RESHAPE (when it cannot alias) and CONCATENATION. Ranks are
// padded on the left to six axes. One work item per output element (per input element for concat).

#ifdef KERNEL_pad
// PAD with zeros. Defines: SIZE (output elements), O0..O5 output dims, P0..P5 padding before,
// I0..I5 input dims.
__kernel void pad(__global const float* x, int xOff, __global float* y, int yOff) {
    const int gid = get_global_id(0);
    if (gid >= SIZE) {
        return;
    }
    int r = gid;
    const int j5 = r % O5 - P5;
    r /= O5;
    const int j4 = r % O4 - P4;
    r /= O4;
    const int j3 = r % O3 - P3;
    r /= O3;
    const int j2 = r % O2 - P2;
    r /= O2;
    const int j1 = r % O1 - P1;
    const int j0 = r / O1 - P0;
    const bool inside = j0 >= 0 && j0 < I0 && j1 >= 0 && j1 < I1 && j2 >= 0 && j2 < I2
            && j3 >= 0 && j3 < I3 && j4 >= 0 && j4 < I4 && j5 >= 0 && j5 < I5;
    y[yOff + gid] = inside
            ? x[xOff + ((((j0 * I1 + j1) * I2 + j2) * I3 + j3) * I4 + j4) * I5 + j5]
            : 0.0f;
}
#endif

#ifdef KERNEL_strided_slice
// STRIDED_SLICE after masks and clamping: output element (c0..c5) reads input element
// BASE + sum c_d * T_d. Defines: SIZE, C0..C5 counts per input axis (1 for shrunk axes), T0..T5 steps
// in input elements (may be negative), BASE.
__kernel void strided_slice(__global const float* x, int xOff, __global float* y, int yOff) {
    const int gid = get_global_id(0);
    if (gid >= SIZE) {
        return;
    }
    int r = gid;
    int src = BASE + (r % C5) * T5;
    r /= C5;
    src += (r % C4) * T4;
    r /= C4;
    src += (r % C3) * T3;
    r /= C3;
    src += (r % C2) * T2;
    r /= C2;
    src += (r % C1) * T1;
    src += (r / C1) * T0;
    y[yOff + gid] = x[xOff + src];
}
#endif

#ifdef KERNEL_copy
// A plain copy of SIZE elements (a RESHAPE whose output has its own window).
__kernel void copy(__global const float* x, int xOff, __global float* y, int yOff) {
    const int gid = get_global_id(0);
    if (gid < SIZE) {
        y[yOff + gid] = x[xOff + gid];
    }
}
#endif

#ifdef KERNEL_concat_part
// One input of a CONCATENATION: OUTER slices of CHUNK elements go to output slices of TOTAL elements
// at PREFIX. Defines: OUTER, CHUNK, TOTAL, PREFIX, ACT_*.
__kernel void concat_part(__global const float* x, int xOff, __global float* y, int yOff) {
    const int gid = get_global_id(0);
    if (gid >= OUTER * CHUNK) {
        return;
    }
    const int k = gid / CHUNK;
    const int j = gid % CHUNK;
    y[yOff + k * TOTAL + PREFIX + j] = ACT(x[xOff + gid]);
}
#endif
