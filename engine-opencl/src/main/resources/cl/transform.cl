// TRANSFORM_TENSOR_BILINEAR and TRANSFORM_LANDMARKS (MediaPipe custom ops v2) as the reference kernels
// compute them; `real` is double when the device has cl_khr_fp64 (FP64 = 1), see mediapipe.cl.
#if FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

#ifdef KERNEL_transform_tensor_bilinear
inline float read_feature(__global const float* f, int y, int x, int c) {
    if (y < 0 || x < 0 || y >= IH || x >= IW) {
        return 0.0f;
    }
    return f[(y * IW + x) * C + c];
}

// One work item per output element. Defines: IH, IW, C, OH, OW.
__kernel void transform_tensor_bilinear(__global const float* features, int fOff,
                                        __global const float* matrix, int mOff,
                                        __global float* y, int yOff) {
    const int gid = get_global_id(0);
    if (gid >= OH * OW * C) {
        return;
    }
    const int c = gid % C;
    const int p = gid / C;
    const int i = p % OW;
    const int j = p / OW;
    __global const float* M = matrix + mOff;
    const float m00 = M[0];
    const float m01 = M[1];
    const float m02 = M[2];
    const float m10 = M[4];
    const float m11 = M[5];
    const float m12 = M[6];
    // Half-pixel correction with MediaPipe's double literals: m03 += m00 * 0.5 + m01 * 0.5 - 0.5.
    const float m03 = (float) ((real) M[3] + ((real) m00 * 0.5 + (real) m01 * 0.5 - 0.5));
    const float m13 = (float) ((real) M[7] + ((real) m10 * 0.5 + (real) m11 * 0.5 - 0.5));
    const float fi = (float) i;
    const float fj = (float) j;
    const float tx = m00 * fi + m01 * fj + m02 * 0.0f + m03 * 1.0f;
    const float ty = m10 * fi + m11 * fj + m12 * 0.0f + m13 * 1.0f;
    const bool inside = tx >= 0.0f && tx <= (float) (IW - 1) && ty >= 0.0f && ty <= (float) (IH - 1);
    if (!inside) {
        y[yOff + gid] = 0.0f;
        return;
    }
    const float floorX = floor(tx);
    const float floorY = floor(ty);
    const int x0 = (int) floorX;
    const int y0 = (int) floorY;
    const float ax = tx - floorX;
    const float ay = ty - floorY;
    __global const float* f = features + fOff;
    const float q11 = read_feature(f, y0, x0, c);
    const float q21 = read_feature(f, y0, x0 + 1, c);
    const float q12 = read_feature(f, y0 + 1, x0, c);
    const float q22 = read_feature(f, y0 + 1, x0 + 1, c);
    // Java's promotion, step by step: (1.0 - ax) * q11 is double, ax * q21 a float product widened.
    const float upper = (float) (((real) 1.0 - ax) * q11 + (real) (ax * q21));
    const float lower = (float) (((real) 1.0 - ax) * q12 + (real) (ax * q22));
    y[yOff + gid] = (float) ((real) (ay * lower) + ((real) 1.0 - ay) * upper);
}
#endif

#ifdef KERNEL_transform_landmarks
// One work item per landmark. Defines: COUNT, DIMS (2 or 3).
__kernel void transform_landmarks(__global const float* l, int lOff, __global const float* matrix, int mOff,
                                  __global float* y, int yOff) {
    const int k = get_global_id(0);
    if (k >= COUNT) {
        return;
    }
    __global const float* M = matrix + mOff;
    const int at = k * DIMS;
    const float x = l[lOff + at];
    const float v = l[lOff + at + 1];
    y[yOff + at] = M[0] * x + M[1] * v + M[2] * 0.0f + M[3] * 1.0f;
    y[yOff + at + 1] = M[4] * x + M[5] * v + M[6] * 0.0f + M[7] * 1.0f;
#if DIMS == 3
    y[yOff + at + 2] = l[lOff + at + 2];
#endif
}
#endif
