package dev.amesh.mesh.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FeatureMontageTest {
    @Test
    void eachChannelGetsItsOwnStretchedTile() {
        // [1,2,2,5]: channel c holds (c+1) * {0,1,2,3} in raster order, channel 4 is constant.
        int h = 2;
        int w = 2;
        int c = 5;
        float[] d = new float[h * w * c];
        for (int p = 0; p < h * w; p++) {
            for (int ch = 0; ch < c; ch++) {
                d[p * c + ch] = ch == 4 ? 7f : (ch + 1) * p;
            }
        }
        Tensor t = new Tensor("x", Shape.of(1, h, w, c), d, 0);
        BufferedImage img = FeatureMontage.render(t);
        int cols = FeatureMontage.columns(c);
        assertEquals(3, cols);
        int s = FeatureMontage.scale(t.shape());
        assertEquals(16, s, "2-pixel maps are enlarged to 32-pixel tiles");
        assertEquals(cols * (w * s + 1) + 1, img.getWidth());
        assertEquals(2 * (h * s + 1) + 1, img.getHeight());
        for (int ch = 0; ch < c; ch++) {
            int x0 = 1 + (ch % cols) * (w * s + 1);
            int y0 = 1 + (ch / cols) * (h * s + 1);
            int topLeft = img.getRGB(x0, y0) & 0xFF;
            int bottomRight = img.getRGB(x0 + 2 * s - 1, y0 + 2 * s - 1) & 0xFF;
            if (ch == 4) {
                assertEquals(0, topLeft);
                assertEquals(0, bottomRight);
            } else {
                assertEquals(0, topLeft, "minimum is black in channel " + ch);
                assertEquals(255, bottomRight, "maximum is white in channel " + ch);
                assertEquals(85, img.getRGB(x0 + s, y0) & 0xFF, "1/3 of the range in channel " + ch);
            }
        }
        assertEquals(FeatureMontage.SEPARATOR_RGB, img.getRGB(0, 0) & 0xFFFFFF);
        // The unused sixth tile stays separator colour.
        assertEquals(FeatureMontage.SEPARATOR_RGB, img.getRGB(img.getWidth() - 3, img.getHeight() - 3) & 0xFFFFFF);
    }

    @Test
    void refusesOtherRanks() {
        Tensor t = new Tensor("m", Shape.of(1, 4, 4), new float[16], 0);
        assertFalse(FeatureMontage.canRender(t.shape()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureMontage.render(t));
        assertEquals("a channel montage needs a [N,H,W,C] tensor, 'm' has shape [1,4,4]", e.getMessage());
    }
}
