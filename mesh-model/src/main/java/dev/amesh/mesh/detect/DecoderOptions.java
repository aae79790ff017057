package dev.amesh.mesh.detect;

/**
 * Options of MediaPipe's {@code TensorsToDetectionsCalculator} for a single-class SSD with boxes in
 * XYWH order ({@code reverse_output_order: true}) followed by keypoints.
 */
public record DecoderOptions(int numCoords, int boxCoordOffset, int keypointCoordOffset, int numKeypoints,
                             int valuesPerKeypoint, float xScale, float yScale, float wScale, float hScale,
                             float scoreClippingThreshold, float minScoreThreshold) {

    public DecoderOptions {
        if (keypointCoordOffset + numKeypoints * valuesPerKeypoint > numCoords || boxCoordOffset + 4 > numCoords) {
            throw new IllegalArgumentException("box and keypoints do not fit in " + numCoords + " coordinates");
        }
        if (valuesPerKeypoint < 2) {
            throw new IllegalArgumentException("keypoints need at least x and y, got " + valuesPerKeypoint + " values");
        }
    }

    /** BlazeFace short range ({@code face_detection.pbtxt}): scales equal the input size, 6 keypoints. */
    public static DecoderOptions faceShortRange(int inputWidth, int inputHeight, float minScoreThreshold) {
        return new DecoderOptions(16, 0, 4, 6, 2, inputWidth, inputHeight, inputWidth, inputHeight, 100.0f,
                minScoreThreshold);
    }

    public DecoderOptions withMinScoreThreshold(float threshold) {
        return new DecoderOptions(numCoords, boxCoordOffset, keypointCoordOffset, numKeypoints, valuesPerKeypoint,
                xScale, yScale, wScale, hScale, scoreClippingThreshold, threshold);
    }
}
