package dev.amesh.cpu.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PaddingTest {
    @Test
    void sameStrideTwoOnEvenInputPutsTheExtraPixelAfter() {
        // 192 -> 96 with 3x3: total = 95*2 + 3 - 192 = 1 -> (0, 1)
        assertEquals(new Padding(96, 0, 1), Padding.compute("SAME", 192, 3, 2, 1));
        assertEquals(new Padding(4, 0, 1), Padding.compute("SAME", 8, 3, 2, 1));
    }

    @Test
    void sameStrideTwoOnOddInputIsSymmetric() {
        // 7 -> 4 with 3x3: total = 3*2 + 3 - 7 = 2 -> (1, 1)
        assertEquals(new Padding(4, 1, 1), Padding.compute("SAME", 7, 3, 2, 1));
        // 3 -> 2: total = 2 + 3 - 3 = 2 -> (1, 1)
        assertEquals(new Padding(2, 1, 1), Padding.compute("SAME", 3, 3, 2, 1));
    }

    @Test
    void sameFiveByFiveStrideTwo() {
        // detector stem 128 -> 64: total = 63*2 + 5 - 128 = 3 -> (1, 2)
        assertEquals(new Padding(64, 1, 2), Padding.compute("SAME", 128, 5, 2, 1));
        // 9 -> 5: total = 4*2 + 5 - 9 = 4 -> (2, 2)
        assertEquals(new Padding(5, 2, 2), Padding.compute("SAME", 9, 5, 2, 1));
    }

    @Test
    void sameStrideOneAndPoolingWindows() {
        assertEquals(new Padding(11, 1, 1), Padding.compute("SAME", 11, 3, 1, 1));
        assertEquals(new Padding(32, 0, 0), Padding.compute("SAME", 64, 2, 2, 1));
        assertEquals(new Padding(4, 0, 1), Padding.compute("SAME", 7, 2, 2, 1));
        assertEquals(new Padding(5, 0, 0), Padding.compute("SAME", 5, 1, 1, 1));
        // dilation 2 makes a 3x3 window 5 wide: total = 4 + 5 - 5 = 4 -> (2, 2)
        assertEquals(new Padding(5, 2, 2), Padding.compute("SAME", 5, 3, 1, 2));
    }

    @Test
    void valid() {
        assertEquals(new Padding(1, 0, 0), Padding.compute("VALID", 3, 3, 3, 1));
        assertEquals(new Padding(1, 0, 0), Padding.compute("VALID", 2, 2, 2, 1));
        assertEquals(new Padding(3, 0, 0), Padding.compute("VALID", 7, 2, 2, 1));
        assertEquals(new Padding(5, 0, 0), Padding.compute("VALID", 7, 3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Padding.compute("VALID", 2, 3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Padding.compute("FULL", 2, 3, 1, 1));
    }
}
