package dev.amesh.mesh.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.TestModels;
import dev.amesh.testing.TestData;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AttentionGeometryTest {
    private static final double EPS = 1e-9;

    /** A rotation by 30 degrees, scale 0.5, shift (10, 20), as the row-major 4x4 the custom ops use. */
    private static final float[] M = {
        0.4330127f, -0.25f, 0f, 10f,
        0.25f, 0.4330127f, 0f, 20f,
        0f, 0f, 1f, 0f,
        0f, 0f, 0f, 1f};

    @Test
    void gridCornersAreTheMatrixImagesOfTheCropCorners() {
        AttentionGeometry.Grid grid = AttentionGeometry.inputGrid(M, 0, 16, 16, 4, 4);
        double[][] crop = {{0, 0}, {16, 0}, {16, 16}, {0, 16}};
        for (int i = 0; i < 4; i++) {
            double u = crop[i][0];
            double v = crop[i][1];
            double x = (M[0] * u + M[1] * v + M[3]) * 4;
            double y = (M[4] * u + M[5] * v + M[7]) * 4;
            assertEquals(x, grid.corners()[i][0], EPS);
            assertEquals(y, grid.corners()[i][1], EPS);
        }
        assertEquals(34, grid.lines().size(), "17 lines each way");
        double[] firstVertical = grid.lines().get(0);
        assertEquals(grid.corners()[0][0], firstVertical[0], EPS);
        assertEquals(grid.corners()[3][1], firstVertical[3], EPS);
    }

    @Test
    void cropPixelCentresLandWhereTheKernelSamples() {
        // MediaPipe samples output pixel (i, j) at centre coordinates M (i, j) + half-pixel correction;
        // in edge coordinates that is cropToFeature(i + 0.5, j + 0.5) - 0.5.
        int i = 3;
        int j = 11;
        double m03 = M[3] + 0.5 * M[0] + 0.5 * M[1] - 0.5;
        double m13 = M[7] + 0.5 * M[4] + 0.5 * M[5] - 0.5;
        double tx = M[0] * i + M[1] * j + m03;
        double ty = M[4] * i + M[5] * j + m13;
        double[] f = AttentionGeometry.cropToFeature(M, 0, i + 0.5, j + 0.5);
        assertEquals(tx, f[0] - 0.5, 1e-6);
        assertEquals(ty, f[1] - 0.5, 1e-6);
    }

    @Test
    void roiMapsInputCornersToTheRotatedRectangle() {
        AttentionGeometry.Roi roi = new AttentionGeometry.Roi(100, 50, 40, 40, Math.PI / 2, 192);
        double[] centre = roi.apply(96, 96);
        assertEquals(100, centre[0], EPS);
        assertEquals(50, centre[1], EPS);
        // A quarter turn clockwise on screen: the input's top-left corner goes to the top-right.
        double[] topLeft = roi.apply(0, 0);
        assertEquals(120, topLeft[0], EPS);
        assertEquals(30, topLeft[1], EPS);
    }

    @Test
    void pictureMarksEachGridCornerInItsColour() {
        Graph g = TestModels.graph(ModelId.ATTENTION);
        List<AttentionGeometry.Region> regions = AttentionGeometry.regions(g);
        assertEquals(List.of("lips", "left eye", "right eye"), regions.stream().map(r -> r.submodel()).toList());
        List<Pattern> patterns = new ArrayList<>();
        for (AttentionGeometry.Region r : regions) {
            patterns.add(Pattern.compile(Pattern.quote(r.matrix())));
            patterns.add(Pattern.compile(Pattern.quote(r.crop())));
        }
        Tensor input = new Tensor("input_1", Shape.of(1, 192, 192, 3),
                TestData.readF32("raw/inputs/astronaut_face_192.f32"), 0);
        List<LayerCapture.Captured> captured;
        try (CompiledModel m = Backends.get("scalar").compile(g, BackendOptions.defaults().withThreads(1))) {
            captured = LayerCapture.run(m, patterns, input);
        }
        List<AttentionPicture.RegionView> views = new ArrayList<>();
        List<AttentionGeometry.Grid> grids = new ArrayList<>();
        for (AttentionGeometry.Region r : regions) {
            Tensor matrix = find(captured, r.matrix());
            double scale = 192.0 / r.featureShape().dim(2);
            assertEquals(4.0, scale);
            AttentionGeometry.Grid grid = AttentionGeometry.inputGrid(matrix.data(), matrix.offset(), r.cropWidth(),
                    r.cropHeight(), scale, scale);
            grids.add(grid);
            views.add(new AttentionPicture.RegionView(r.submodel(), grid, find(captured, r.crop())));
        }
        BufferedImage photo = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        AttentionGeometry.Roi roi = new AttentionGeometry.Roi(200, 150, 180, 180, 0.2, 192);
        AttentionPicture pic = AttentionPicture.draw(input, views, photo, roi);
        for (int k = 0; k < grids.size(); k++) {
            int expected = AttentionPicture.colour(k).getRGB() & 0xFFFFFF;
            for (double[] c : grids.get(k).corners()) {
                // Corners lie inside the 192x192 input for this face.
                double[] p = pic.inputToPicture(c[0], c[1]);
                assertEquals(expected, pic.image().getRGB((int) Math.round(p[0]), (int) Math.round(p[1])) & 0xFFFFFF,
                        "input panel corner " + views.get(k).label());
                double[] q = roi.apply(c[0], c[1]);
                double[] pq = pic.photoToPicture(q[0], q[1]);
                assertEquals(expected,
                        pic.image().getRGB((int) Math.round(pq[0]), (int) Math.round(pq[1])) & 0xFFFFFF,
                        "photo panel corner " + views.get(k).label());
            }
        }
    }

    private static Tensor find(List<LayerCapture.Captured> captured, String name) {
        return captured.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().tensor();
    }
}
