package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.mesh.roi.NormalizedRect;
import dev.amesh.testing.TestData;
import dev.amesh.testing.Tolerance;
import org.junit.jupiter.api.Test;

/**
 * The eye crops against the reference inputs of the iris model ({@code raw/inputs}, made with bilinear
 * half-pixel-centre sampling from the astronaut photo, the convention of {@link ImageSampling#PIXEL_CENTER}),
 * including the mirroring of the 362/263 eye; then the whole eye (crop, inference, decoding) against the
 * reference output decoded by hand.
 */
class IrisCropTest {
    /** ROI x0=182 y0=80 w=h=45 (33/133) and x0=224 y0=82 w=h=44 (362/263) of the 512x512 image. */
    private static final NormalizedRect LEFT = square(182, 80, 45);
    private static final NormalizedRect RIGHT = square(224, 82, 44);

    private static NormalizedRect square(int x0, int y0, int side) {
        return new NormalizedRect((x0 + side / 2f) / 512, (y0 + side / 2f) / 512, side / 512f, side / 512f, 0f);
    }

    @Test
    void cropsMatchTheReferenceInputs() throws Exception {
        RgbImage astronaut = new ImageLoader().load(TestData.reference("images/astronaut.png"));
        try (CompiledModel model = Backends.get("scalar").compile(CascadeModels.iris(), BackendOptions.defaults())) {
            IrisLandmarks iris = new IrisLandmarks(model, ImageSampling.PIXEL_CENTER);
            Tolerance.CLOSE.assertClose("left eye crop", TestData.readF32("raw/inputs/astronaut_left_eye_64.f32"),
                    iris.crop(astronaut, LEFT, false).clone());
            Tolerance.CLOSE.assertClose("mirrored right eye crop",
                    TestData.readF32("raw/inputs/astronaut_right_eye_64_flipped.f32"),
                    iris.crop(astronaut, RIGHT, true).clone());

            // The mirrored eye end to end: the reference output, x mirrored back and projected by hand.
            float[] ref = TestData.readF32("raw/tfjs-cpu/iris/astronaut_right_eye_64_flipped/"
                    + "output_eyes_contours_and_brows_and_iris.f32");
            IrisLandmarks.Eye eye = iris.run(astronaut, RIGHT, true);
            for (int k = 0; k < 76; k++) {
                float[] ours = k < 71 ? eye.contour() : eye.iris();
                int o = 3 * (k < 71 ? k : k - 71);
                float x = 224 + (64 - ref[3 * k]) / 64 * 44;
                float y = 82 + ref[3 * k + 1] / 64 * 44;
                assertEquals(x, ours[o] * 512, 2e-3f, "x of point " + k);
                assertEquals(y, ours[o + 1] * 512, 2e-3f, "y of point " + k);
                assertEquals(ref[3 * k + 2] / 64 * 44, ours[o + 2] * 512, 2e-3f, "z of point " + k);
            }
        }
    }
}
