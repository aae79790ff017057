package dev.amesh.mesh.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.mesh.roi.PixelRect;
import dev.amesh.testing.TestData;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warp against OpenCV 4.6's own warpPerspective output (testdata/reference/warp, see its index.json). */
class OpenCvWarpTest {
    private final Map<String, RgbImage> images = new HashMap<>();

    @Test
    void everyReferenceCropIsBitExact() throws Exception {
        Path dir = TestData.reference("warp");
        JsonNode index = new ObjectMapper().readTree(dir.resolve("index.json").toFile());
        int cases = 0;
        int rotated = 0;
        int offImage = 0;
        StringBuilder report = new StringBuilder();
        long differing = 0;
        long tiePixels = 0;
        long tiePositions = 0;
        for (JsonNode c : index.get("cases")) {
            RgbImage image = image(c.get("image").asText());
            assertEquals(c.get("image_size").get(0).asInt(), image.width());
            assertEquals(c.get("image_size").get(1).asInt(), image.height());
            JsonNode roi = c.get("roi");
            PixelRect rect = new PixelRect((float) roi.get("x_center_px").asDouble(),
                    (float) roi.get("y_center_px").asDouble(), (float) roi.get("width_px").asDouble(),
                    (float) roi.get("height_px").asDouble(), (float) roi.get("rotation_rad").asDouble());
            int h = c.get("shape").get(0).asInt();
            int w = c.get("shape").get(1).asInt();
            BorderMode border = "zero".equals(c.get("border").asText()) ? BorderMode.ZERO : BorderMode.REPLICATE;
            byte[] expected = Files.readAllBytes(dir.resolve(c.get("file").asText()));
            assertEquals(w * h * 3, expected.length, c.get("file").asText());
            byte[] actual = new byte[w * h * 3];
            new OpenCvWarp(w, h, border).warpBytes(image, rect, actual, 0);
            int diff = 0;
            int ties = 0;
            double[] g = OpenCvWarp.geometry(rect);
            tiePositions += countTies(g, w, h);
            for (int i = 0; i < actual.length; i += 3) {
                boolean same = actual[i] == expected[i] && actual[i + 1] == expected[i + 1]
                        && actual[i + 2] == expected[i + 2];
                if (same) {
                    continue;
                }
                int x = (i / 3) % w;
                int y = (i / 3) / w;
                if (isTie(g[0], g[2], g[4], x, y, w, h) || isTie(g[1], g[3], g[5], x, y, w, h)) {
                    ties++;
                } else {
                    diff++;
                }
            }
            if (diff != 0 || ties != 0) {
                report.append(c.get("file").asText()).append(": ").append(diff).append(" pixels differ, ")
                        .append(ties).append(" at exact rounding ties\n");
            }
            differing += diff;
            tiePixels += ties;
            cases++;
            rotated += rect.rotation() != 0f ? 1 : 0;
            offImage += c.get("file").asText().contains("offimage") ? 1 : 0;
        }
        assertEquals(16, cases);
        assertTrue(rotated >= 10 && offImage == 2, "the index should cover rotated and off-image ROIs");
        assertEquals(0, differing, "pixels differing from OpenCV away from rounding ties:\n" + report);
        // OpenCV decides exact .5 ties of the 1/32-pixel position by noise from inverting its matrix.
        System.out.println("OpenCvWarpTest: " + cases + " cases; " + tiePositions + " sample positions fall on exact"
                + " .5 ties of 32*position; " + tiePixels + " pixels differ, all at such ties\n" + report);
        assertTrue(tiePixels < 1000, "unexpectedly many tie pixels: " + tiePixels);
    }

    /** Output pixels whose exact x or y sample coordinate is a rounding tie (double pre-filter, exact check). */
    private static int countTies(double[] g, int w, int h) {
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean tie = false;
                for (int axis = 0; axis < 2 && !tie; axis++) {
                    double s = 32 * (g[axis] + (double) x / w * g[2 + axis] + (double) y / h * g[4 + axis]);
                    double frac = s - Math.floor(s);
                    tie = Math.abs(frac - 0.5) < 1e-6 && isTie(g[axis], g[2 + axis], g[4 + axis], x, y, w, h);
                }
                n += tie ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Whether the exact sample coordinate {@code 32·(tl + x/W·across + y/H·down)} lies exactly halfway
     * between two integers, where OpenCV's rounding direction depends on floating-point noise.
     */
    private static boolean isTie(double tl, double across, double down, int x, int y, int w, int h) {
        BigDecimal wh = BigDecimal.valueOf((long) w * h);
        BigDecimal n = new BigDecimal(tl).multiply(wh)
                .add(new BigDecimal(across).multiply(BigDecimal.valueOf((long) x * h)))
                .add(new BigDecimal(down).multiply(BigDecimal.valueOf((long) y * w)))
                .multiply(BigDecimal.valueOf(64));
        BigDecimal[] qr = n.divideAndRemainder(wh);
        return qr[1].signum() == 0 && qr[0].toBigInteger().testBit(0);
    }

    @Test
    void floatConversionUsesMediaPipeScaleAndOffset() {
        byte[] px = {0, (byte) 128, (byte) 255};
        RgbImage one = new RgbImage(px, 1, 1);
        float[] out = new float[3];
        new OpenCvWarp(1, 1, BorderMode.REPLICATE).warpFloats(one, new PixelRect(0f, 0f, 1f, 1f, 0f),
                2.0f / 255.0f, -1.0f, out, 0);
        assertEquals(-1.0f, out[0]);
        assertEquals(128 * (2.0f / 255.0f) - 1.0f, out[1]);
        assertEquals(255 * (2.0f / 255.0f) - 1.0f, out[2]);
    }

    @Test
    void zeroBorderBlendsEdgePixelsWithBlackAndReplicateDoesNot() {
        byte[] px = new byte[2 * 2 * 3];
        java.util.Arrays.fill(px, (byte) 200);
        RgbImage img = new RgbImage(px, 2, 2);
        // One output pixel sampling x = -0.5: half the left edge, half outside.
        PixelRect roi = new PixelRect(0f, 0.5f, 1f, 1f, 0f);
        byte[] zero = new byte[3];
        new OpenCvWarp(1, 1, BorderMode.ZERO).warpBytes(img, roi, zero, 0);
        byte[] rep = new byte[3];
        new OpenCvWarp(1, 1, BorderMode.REPLICATE).warpBytes(img, roi, rep, 0);
        assertEquals(100, zero[0] & 0xFF);
        assertEquals(200, rep[0] & 0xFF);
    }

    private RgbImage image(String name) throws Exception {
        RgbImage img = images.get(name);
        if (img == null) {
            img = new ImageLoader().load(TestData.reference("images/" + name));
            images.put(name, img);
        }
        return img;
    }
}
