package dev.amesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.amesh.api.io.Npy;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TestModels;
import dev.amesh.mesh.inspect.AttentionPicture;
import dev.amesh.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionCommandTest {
    private static final String[] MATRICES = {"landmarks_to_transform_matrix_v2", "landmarks_to_transform_matrix_v2_1",
        "landmarks_to_transform_matrix_v2_2"};

    @TempDir
    Path tmp;

    private static String cacheDir() {
        TestModels.graph(ModelId.ATTENTION);
        TestModels.graph(ModelId.DETECTOR);
        return ModelStore.defaultCacheDir().toString();
    }

    /**
     * The picture's corner dots sit where the transform matrices send the 16x16 crop corners: M (u, v) in
     * 48x48 feature units, times 4 to input pixels, times the panel scale (576/192). The matrices come from
     * a separate dump of the same image.
     */
    @Test
    void gridCornersInThePictureAreTheMatrixImagesOfTheCropCorners() throws IOException {
        String image = TestData.reference("images/astronaut.png").toString();
        Path png = tmp.resolve("attn.png");
        CliRun r = CliRun.of("attention", image, "--cache-dir", cacheDir(), "--backend", "scalar", "--out",
                png.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("lips       landmarks_to_transform_matrix_v2 -> transform_tensor_bilinear_v2"),
                r.out());
        Path dump = tmp.resolve("dump");
        CliRun d = CliRun.of("dump", image, "--cache-dir", cacheDir(), "--backend", "scalar", "--layer",
                "landmarks_to_transform_matrix.*", "--out", dump.toString());
        assertEquals(0, d.code(), d.toString());
        BufferedImage pic = ImageIO.read(png.toFile());
        double panel = (double) AttentionPicture.PANEL / 192;
        int[][] crop = {{0, 0}, {16, 0}, {16, 16}, {0, 16}};
        for (int k = 0; k < MATRICES.length; k++) {
            Tensor m = Npy.read(dump.resolve(MATRICES[k] + ".npy"));
            assertEquals(Shape.of(1, 4, 4), m.shape());
            int colour = AttentionPicture.colour(k).getRGB() & 0xFFFFFF;
            for (int[] c : crop) {
                double x = (m.at(0, 0, 0) * c[0] + m.at(0, 0, 1) * c[1] + m.at(0, 0, 3)) * 4 * panel;
                double y = (m.at(0, 1, 0) * c[0] + m.at(0, 1, 1) * c[1] + m.at(0, 1, 3)) * 4 * panel;
                assertEquals(colour, pic.getRGB((int) Math.round(x), (int) Math.round(y)) & 0xFFFFFF,
                        MATRICES[k] + " corner " + c[0] + "," + c[1] + " at " + x + "," + y);
            }
        }
    }

    @Test
    void rawInputDrawsTheInputPanelOnly() throws IOException {
        Path in = tmp.resolve("face.npy");
        Npy.write(in, new Tensor(Shape.of(1, 192, 192, 3), TestData.readF32("raw/inputs/astronaut_face_192.f32")));
        Path png = tmp.resolve("attn.png");
        CliRun r = CliRun.of("attention", "--input", in.toString(), "--cache-dir", cacheDir(), "--backend", "scalar",
                "--out", png.toString());
        assertEquals(0, r.code(), r.toString());
        BufferedImage pic = ImageIO.read(png.toFile());
        assertTrue(pic.getHeight() >= AttentionPicture.PANEL, "height " + pic.getHeight());
        assertTrue(pic.getWidth() < 2 * AttentionPicture.PANEL, "no photo panel: " + pic.getWidth());
        assertTrue(!r.out().contains("in photo px"), r.out());
    }

    @Test
    void usageErrors() throws IOException {
        CliRun both = CliRun.of("attention", TestData.reference("images/astronaut.png").toString(), "--input",
                "x.npy", "--out", tmp.resolve("a.png").toString());
        assertEquals(2, both.code(), both.toString());
        assertTrue(both.err().contains("give an IMAGE or --input, not both"), both.err());
        CliRun blank = CliRun.of("attention", blankImage().toString(), "--cache-dir", cacheDir(), "--out",
                tmp.resolve("b.png").toString());
        assertEquals(1, blank.code(), blank.toString());
        assertTrue(blank.oneErrorLine() && blank.err().contains("no face found in"), blank.err());
    }

    @Test
    void modelsWithoutSpatialTransformersAreRefused() throws IOException {
        TestModels.graph(ModelId.MESH);
        Path in = tmp.resolve("face.npy");
        Npy.write(in, new Tensor(Shape.of(1, 192, 192, 3), new float[192 * 192 * 3]));
        CliRun mesh = CliRun.of("attention", "--input", in.toString(), "--model", "mesh", "--cache-dir", cacheDir(),
                "--out", tmp.resolve("a.png").toString());
        assertEquals(2, mesh.code(), mesh.toString());
        assertTrue(mesh.oneErrorLine() && mesh.err().contains("has no spatial-transformer"), mesh.err());
    }

    private Path blankImage() throws IOException {
        Path p = tmp.resolve("blank.png");
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", p.toFile());
        return p;
    }
}
