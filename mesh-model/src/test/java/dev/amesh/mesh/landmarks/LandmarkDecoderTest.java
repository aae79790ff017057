package dev.amesh.mesh.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.mesh.roi.NormalizedRect;
import dev.amesh.testing.TestData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LandmarkDecoderTest {
    private static final String MPOPS = "raw/tflite-node+mpops/face_landmark_with_attention/astronaut_face_192/";

    private static Tensor t(float[] v, int n) {
        return Tensor.of(v, 1, 1, 1, n);
    }

    /** Synthetic outputs: mesh point i = (i, 2i, z_i), region point j = (1000 + j, 2000 + j). */
    private static Tensor[] synthetic(float logit) {
        float[] mesh = new float[1404];
        for (int i = 0; i < 468; i++) {
            mesh[3 * i] = i;
            mesh[3 * i + 1] = 2 * i;
            mesh[3 * i + 2] = (float) Math.sin(i) * 10;
        }
        return new Tensor[] {t(mesh, 1404), t(region(80), 160), t(region(71), 142), t(region(71), 142),
            t(region(5), 10), t(region(5), 10), t(new float[] {logit}, 1)};
    }

    private static float[] region(int n) {
        float[] v = new float[2 * n];
        for (int j = 0; j < n; j++) {
            v[2 * j] = 1000 + j;
            v[2 * j + 1] = 2000 + j;
        }
        return v;
    }

    @Test
    void refinementWritesRegionXyAndKeepsMeshZ() {
        LandmarkDecoder dec = new LandmarkDecoder(LandmarkModelKind.ATTENTION, 192);
        float[] out = dec.decode(synthetic(0f));
        assertEquals(478 * 3, out.length);
        RefinementMaps maps = RefinementMaps.get();
        int[] lips = maps.lips();
        for (int j = 0; j < lips.length; j++) {
            int k = lips[j];
            assertEquals((1000f + j) / 192, out[3 * k], "x of lip point " + j);
            assertEquals((2000f + j) / 192, out[3 * k + 1]);
            assertEquals((float) Math.sin(k) * 10 / 192, out[3 * k + 2], "lips keep the mesh z");
        }
        int[] right = maps.rightEye();
        assertEquals((1000f + 70) / 192, out[3 * right[70]]);
        // A point no region touches keeps everything from the mesh.
        Set<Integer> touched = new HashSet<>();
        for (int[] m : new int[][] {lips, maps.leftEye(), right}) {
            for (int k : m) {
                touched.add(k);
            }
        }
        int free = 1;
        while (touched.contains(free)) {
            free++;
        }
        assertEquals(free / 192f, out[3 * free]);
        assertEquals(2f * free / 192f, out[3 * free + 1]);
    }

    @Test
    void irisZIsTheDoubleMeanOfSixteenMeshPoints() {
        LandmarkDecoder dec = new LandmarkDecoder(LandmarkModelKind.ATTENTION, 192);
        float[] out = dec.decode(synthetic(0f));
        int[] src = {33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173};
        double sum = 0;
        for (int k : src) {
            sum += (float) Math.sin(k) * 10 / 192f;
        }
        for (int k = 468; k <= 472; k++) {
            assertEquals((float) (sum / 16), out[3 * k + 2], "z of " + k);
            assertEquals((1000f + k - 468) / 192, out[3 * k]);
        }
        int[] srcR = {263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398};
        double sumR = 0;
        for (int k : srcR) {
            sumR += (float) Math.sin(k) * 10 / 192f;
        }
        assertEquals((float) (sumR / 16), out[3 * 477 + 2]);
    }

    @Test
    void everyOutputIndexIsWrittenExactlyByTheMaps() {
        RefinementMaps m = RefinementMaps.get();
        boolean[] seen = new boolean[478];
        for (int i = 0; i < 468; i++) {
            seen[i] = true;
        }
        int regionTotal = 0;
        for (int[] map : new int[][] {m.lips(), m.leftEye(), m.rightEye()}) {
            regionTotal += map.length;
        }
        assertEquals(80 + 71 + 71, regionTotal);
        for (int[] map : new int[][] {m.leftIris(), m.rightIris()}) {
            for (int k : map) {
                assertFalse(seen[k]);
                seen[k] = true;
            }
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
    }

    @Test
    void presenceIsAStrictSigmoidThreshold() {
        assertEquals(0.5f, LandmarkDecoder.presence(0f));
        assertFalse(LandmarkDecoder.isPresent(0.5f, 0.5));
        assertTrue(LandmarkDecoder.isPresent(Math.nextUp(0.5f), 0.5));
        assertEquals(0.880797f, LandmarkDecoder.presence(2f), 1e-6f);
    }

    @Test
    void plainMeshModelGives468Points() {
        LandmarkDecoder dec = new LandmarkDecoder(LandmarkModelKind.MESH, 192);
        Tensor[] all = synthetic(1f);
        float[] out = dec.decode(new Tensor[] {all[0], all[6]});
        assertEquals(468 * 3, out.length);
        assertEquals(100f / 192, out[3 * 100]);
        assertThrows(IllegalArgumentException.class, () -> dec.decode(all));
    }

    /** Real attention outputs: the region heads land on the mesh points they refine. */
    @Test
    void referenceRegionsRefineNearbyMeshPoints() {
        Tensor[] out = reference();
        float[] mesh = out[0].toArray();
        RefinementMaps maps = RefinementMaps.get();
        int[][] regions = {maps.lips(), maps.leftEye(), maps.rightEye()};
        for (int r = 0; r < 3; r++) {
            float[] pts = out[r + 1].toArray();
            double sum = 0;
            for (int j = 0; j < regions[r].length; j++) {
                int k = regions[r][j];
                sum += Math.hypot(pts[2 * j] - mesh[3 * k], pts[2 * j + 1] - mesh[3 * k + 1]);
            }
            double mean = sum / regions[r].length;
            assertTrue(mean < 2.0, "region " + r + " is " + mean + " px (of 192) from the mesh points it replaces");
        }
        // Iris centres lie inside their eye contours (between the corners 33/133 and 362/263).
        float[] leftIris = out[4].toArray();
        assertTrue(leftIris[0] > Math.min(mesh[3 * 33], mesh[3 * 133]) && leftIris[0] < Math.max(mesh[3 * 33], mesh[3 * 133]));
        float[] rightIris = out[5].toArray();
        assertTrue(rightIris[0] > Math.min(mesh[3 * 362], mesh[3 * 263]) && rightIris[0] < Math.max(mesh[3 * 362], mesh[3 * 263]));
    }

    /**
     * Decoding and projecting the real outputs for the astronaut crop (ROI x0=156, y0=59, 139 px, see raw/README)
     * lands near MediaPipe's own landmarks for that photo, though MediaPipe used another (rotated) crop.
     */
    @Test
    void projectedReferenceLandsNearMediaPipeLandmarks() throws Exception {
        LandmarkDecoder dec = new LandmarkDecoder(LandmarkModelKind.ATTENTION, 192);
        Tensor[] out = reference();
        assertTrue(LandmarkDecoder.isPresent(LandmarkDecoder.presence(dec.flagLogit(out)), 0.5));
        float[] xyz = dec.decode(out);
        // The reference crop sampled src = x0 + (dst + 0.5)·139/192 − 0.5; shift by that half pixel.
        float shift = (0.5f * 139 / 192 - 0.5f) / 512;
        NormalizedRect roi = new NormalizedRect((156 + 69.5f) / 512 + shift, (59 + 69.5f) / 512 + shift,
                139f / 512, 139f / 512, 0f);
        LandmarkProjection.project(xyz, roi);
        JsonNode face = new ObjectMapper().readTree(TestData.reference("mediapipe/cpu-inference/astronaut.png.json")
                .toFile()).get("faces").get(0).get("landmarks");
        double iod = Math.hypot((face.get(33).get(0).asDouble() - face.get(263).get(0).asDouble()) * 512,
                (face.get(33).get(1).asDouble() - face.get(263).get(1).asDouble()) * 512);
        double sum = 0;
        for (int i = 0; i < 478; i++) {
            sum += Math.hypot((xyz[3 * i] - face.get(i).get(0).asDouble()) * 512,
                    (xyz[3 * i + 1] - face.get(i).get(1).asDouble()) * 512);
        }
        double mean = sum / 478;
        System.out.printf("attention reference vs MediaPipe: mean %.2f px = %.2f%% interocular%n", mean, 100 * mean / iod);
        assertTrue(mean < 0.03 * iod, "mean distance " + mean + " px, interocular " + iod + " px");
    }

    private static Tensor[] reference() {
        String[] names = {"output_mesh_identity", "output_lips", "output_left_eye", "output_right_eye",
            "output_left_iris", "output_right_iris", "conv_faceflag"};
        Tensor[] out = new Tensor[names.length];
        for (int i = 0; i < names.length; i++) {
            float[] v = TestData.readF32(MPOPS + names[i] + ".f32");
            out[i] = t(v, v.length);
        }
        return out;
    }
}
