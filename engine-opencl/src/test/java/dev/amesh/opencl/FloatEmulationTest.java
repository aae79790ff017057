package dev.amesh.opencl;

import static dev.amesh.opencl.GraphBuilder.attrs;
import static dev.amesh.opencl.GraphBuilder.dims;
import static dev.amesh.opencl.GraphBuilder.random;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The custom ops' float path, which devices without cl_khr_fp64 take (docs/opencl.md): forced on a device
 * that has fp64, the attention model and a rotated crop still match the scalar reference within
 * {@link Tolerance#REFERENCE}, while the fp64 path matches it within {@link Tolerance#CLOSE}.
 */
class FloatEmulationTest {
    private static ClDevice device;

    @BeforeAll
    static void available() {
        OpenClTestSupport.backend();
        device = ClPlatforms.select(-1);
    }

    private static float[][] run(Graph g, boolean fp64, Tensor... inputs) {
        try (OpenClCompiledModel m = OpenClCompiledModel.compile(g, BackendOptions.defaults(), device, fp64)) {
            return OpenClTestSupport.copies(m.run(inputs));
        }
    }

    @Test
    void rotatedCropInFloat() {
        GraphBuilder b = new GraphBuilder();
        int l = b.input("landmarks", 1, 10, 3);
        int f = b.input("features", 1, 16, 16, 4);
        int m = b.node(OpType.LANDMARKS_TO_TRANSFORM_MATRIX, attrs("subset_idxs", new int[] {0, 3, 5, 6, 9},
                "left_rotation_idx", 2, "right_rotation_idx", 8, "target_rotation_radians", 0.3f,
                "output_height", 12, "output_width", 12, "scale_x", 6f, "scale_y", 6f), "m", dims(1, 4, 4), l);
        int crop = b.node(OpType.TRANSFORM_TENSOR_BILINEAR, attrs("output_height", 12, "output_width", 12), "crop",
                dims(1, 12, 12, 4), f, m);
        int t = b.node(OpType.TRANSFORM_LANDMARKS, attrs(), "t", dims(1, 10, 3), l, m);
        Graph g = b.output(crop).output(t).output(m).build("custom");
        float[] landmarks = random(1, 30);
        for (int i = 0; i < landmarks.length; i++) {
            landmarks[i] = 8f + 4f * landmarks[i]; // inside the 16x16 map, so most samples are interpolated
        }
        Tensor[] in = {new Tensor(g.inputTensors().get(0).shape(), landmarks),
            new Tensor(g.inputTensors().get(1).shape(), random(2, 16 * 16 * 4))};
        float[][] expected = OpenClTestSupport.scalarOutputs(g, in);
        float[][] inFloat = run(g, false, in);
        for (int i = 0; i < expected.length; i++) {
            Tolerance.REFERENCE.assertClose("float path, output " + i, expected[i], inFloat[i]);
        }
        assumeTrue(device.fp64(), "the device has no fp64 to compare with");
        float[][] inDouble = run(g, true, in);
        for (int i = 0; i < expected.length; i++) {
            Tolerance.CLOSE.assertClose("fp64 path, output " + i, expected[i], inDouble[i]);
        }
    }

    @Test
    void attentionModelInFloat() {
        Graph g = OpenClTestSupport.model("face_landmark_with_attention.tflite");
        Tensor input = new Tensor(g.inputTensors().get(0).shape(),
                TestData.readF32("raw/inputs/astronaut_face_192.f32"));
        float[][] expected = OpenClTestSupport.scalarOutputs(g, input);
        float[][] inFloat = run(g, false, input);
        for (int i = 0; i < expected.length; i++) {
            Tolerance.REFERENCE.assertClose("float path, output " + g.outputTensors().get(i).name(), expected[i],
                    inFloat[i]);
        }
    }
}
