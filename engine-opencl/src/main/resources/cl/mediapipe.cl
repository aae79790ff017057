// MediaPipe's custom ops (v2) as the reference kernels compute them. Where the reference widens to
// double (Math.atan2/cos/sin, MediaPipe's double literals) `real` is double when the device has
// cl_khr_fp64 (FP64 = 1); otherwise the same steps run in float, which docs/opencl.md describes.
#if FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

#ifdef KERNEL_landmarks_to_transform_matrix
// One row (a, b, 0) of a 3x3 matrix times (x, y, 1), summed from 0 in column order like MediaPipe's Mat3.
inline float row_times_xy1(float a, float b, float x, float y) {
    float sum = 0.0f;
    sum += a * x;
    sum += b * y;
    sum += 0.0f * 1.0f;
    return sum;
}

// Rows (a, b, 0, c), (d, e, 0, f), (0, 0, 1, 0), (0, 0, 0, 1).
inline void set_affine(float* m, float a, float b, float c, float d, float e, float f) {
    for (int k = 0; k < 16; k++) {
        m[k] = 0.0f;
    }
    m[0] = a;
    m[1] = b;
    m[3] = c;
    m[4] = d;
    m[5] = e;
    m[7] = f;
    m[10] = 1.0f;
    m[15] = 1.0f;
}

// m = m * f, each element summed from 0 with k ascending (MediaPipe's Mat4::operator*=).
inline void multiply_in_place(float* m, const float* f) {
    float t[16];
    for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
            float sum = 0.0f;
            for (int k = 0; k < 4; k++) {
                sum += m[r * 4 + k] * f[k * 4 + c];
            }
            t[r * 4 + c] = sum;
        }
    }
    for (int k = 0; k < 16; k++) {
        m[k] = t[k];
    }
}

// LANDMARKS_TO_TRANSFORM_MATRIX, one work item. Defines: POINT_COUNT, POINTS (the subset indices,
// paired: an odd count repeats the last), LEFT, RIGHT, TARGET_ROTATION, OUT_W, OUT_H, SCALE_X,
// SCALE_Y, SHIFT_X, SHIFT_Y (= -(OUT_W / 2.0) rounded to float, likewise for y).
__constant int subset_points[POINT_COUNT] = {POINTS};

__kernel void landmarks_to_transform_matrix(__global const float* l, int lOff, __global float* y, int yOff) {
    if (get_global_id(0) != 0) {
        return;
    }
    __global const float* L = l + lOff;
    const float lx = L[LEFT * 3];
    const float ly = L[LEFT * 3 + 1];
    const float rx = L[RIGHT * 3];
    const float ry = L[RIGHT * 3 + 1];
    const float rotation = TARGET_ROTATION - (float) atan2((real) (ry - ly), (real) (rx - lx));
    const float cs = (float) cos((real) rotation);
    const float sn = (float) sin((real) rotation);
    float minX = 0.0f;
    float minY = 0.0f;
    float maxX = 0.0f;
    float maxY = 0.0f;
    for (int k = 0; k < POINT_COUNT; k++) {
        const float px = L[subset_points[k] * 3];
        const float py = L[subset_points[k] * 3 + 1];
        const float qx = row_times_xy1(cs, -sn, px, py);
        const float qy = row_times_xy1(sn, cs, px, py);
        if (k == 0) {
            minX = qx;
            maxX = qx;
            minY = qy;
            maxY = qy;
        } else {
            if (maxX < qx) {
                maxX = qx;
            }
            if (maxY < qy) {
                maxY = qy;
            }
            if (minX > qx) {
                minX = qx;
            }
            if (minY > qy) {
                minY = qy;
            }
        }
    }
    const float cropWidth = maxX - minX;
    const float cropHeight = maxY - minY;
    const float midX = (minX + maxX) / 2.0f;
    const float midY = (minY + maxY) / 2.0f;
    const float back = -rotation;
    const float cosBack = (float) cos((real) back);
    const float sinBack = (float) sin((real) back);
    const float centreX = row_times_xy1(cosBack, -sinBack, midX, midY);
    const float centreY = row_times_xy1(sinBack, cosBack, midX, midY);

    float product[16];
    float factor[16];
    set_affine(product, 1.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f);
    set_affine(factor, 1.0f, 0.0f, centreX, 0.0f, 1.0f, centreY);
    multiply_in_place(product, factor);
    const float cr = (float) cos((real) back);
    const float sr = (float) sin((real) back);
    set_affine(factor, cr, -sr, 0.0f, sr, cr, 0.0f);
    multiply_in_place(product, factor);
    const float sx = SCALE_X * cropWidth / (float) OUT_W;
    const float sy = SCALE_Y * cropHeight / (float) OUT_H;
    set_affine(factor, sx, 0.0f, 0.0f, 0.0f, sy, 0.0f);
    multiply_in_place(product, factor);
    set_affine(factor, 1.0f, 0.0f, SHIFT_X, 0.0f, 1.0f, SHIFT_Y);
    multiply_in_place(product, factor);
    for (int k = 0; k < 16; k++) {
        y[yOff + k] = product[k];
    }
}
#endif
