package dev.amesh.mesh.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.testing.TestData;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageLoaderTest {
    @TempDir
    Path tmp;

    private final ImageLoader loader = new ImageLoader();

    @Test
    void decodedPixelsEqualWhatMediaPipeReceived() throws Exception {
        // Each golden file records the sha256 of the RGB bytes Chromium handed to MediaPipe.
        Path dir = TestData.reference("mediapipe/cpu-inference");
        int checked = 0;
        try (var files = Files.list(dir)) {
            for (Path json : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
                JsonNode n = new ObjectMapper().readTree(json.toFile());
                if (!n.has("input_pixels")) {
                    continue;
                }
                RgbImage img = loader.load(TestData.reference("images/" + n.get("image").asText()));
                assertEquals(n.get("width").asInt(), img.width());
                assertEquals(n.get("height").asInt(), img.height());
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(img.toBytes()));
                assertEquals(n.get("input_pixels").get("webgl_rgb_sha256").asText(), sha, n.get("image").asText());
                checked++;
            }
        }
        assertTrue(checked >= 14, "checked " + checked);
    }

    @Test
    void emptyFileIsRefusedWithOneSentence() throws Exception {
        Path f = Files.createFile(tmp.resolve("empty.png"));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void textFileIsNotAnImage() throws Exception {
        Path f = Files.writeString(tmp.resolve("notes.jpg"), "hello, this is text\n");
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("not a PNG, JPEG"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(tmp.resolve("nope.png")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void truncatedPngAndJpegAreRefused() throws Exception {
        BufferedImage img = gradient(64, 48);
        for (String fmt : new String[] {"png", "jpg"}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(img, fmt.equals("jpg") ? "jpeg" : "png", bytes);
            byte[] all = bytes.toByteArray();
            Path f = tmp.resolve("cut." + fmt);
            Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
            ImageLoadException e = assertThrows(ImageLoadException.class, () -> loader.load(f), fmt);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void hugeHeaderIsRefusedBeforeDecoding() throws Exception {
        Path f = tmp.resolve("huge.png");
        Files.write(f, pngHeaderOnly(100_000, 100_000));
        ImageLoadException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(ImageLoadException.class, () -> loader.load(f)));
        assertTrue(e.getMessage().contains("100000x100000") && e.getMessage().contains("budget"), e.getMessage());
        ImageLoadException small = assertThrows(ImageLoadException.class,
                () -> new ImageLoader(1000).load(writePng(gradient(40, 30), "g.png")));
        assertTrue(small.getMessage().contains("budget"), small.getMessage());
    }

    @Test
    void loadingNeverChangesTheFile() throws Exception {
        Path f = writePng(gradient(20, 10), "keep.png");
        byte[] before = Files.readAllBytes(f);
        long modified = Files.getLastModifiedTime(f).toMillis();
        loader.load(f);
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(modified, Files.getLastModifiedTime(f).toMillis());
    }

    @Test
    void grayPngUsesStoredSamplesNotLinearGrayConversion() throws Exception {
        BufferedImage gray = new BufferedImage(16, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 16; x++) {
            gray.getRaster().setSample(x, 0, 0, x * 16 + 3);
        }
        RgbImage img = loader.load(writePng(gray, "gray.png"));
        boolean getRgbDiffers = false;
        for (int x = 0; x < 16; x++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(x * 16 + 3, img.sample(x, 0, c));
            }
            getRgbDiffers |= (gray.getRGB(x, 0) & 0xFF) != x * 16 + 3;
        }
        assertTrue(getRgbDiffers, "the test needs a case where getRGB's colour management would differ");
    }

    @Test
    void alphaIsDroppedNotComposited() throws Exception {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00_10_20_30);          // fully transparent, colour kept
        argb.setRGB(1, 0, 0x80_C0_B0_A0);
        RgbImage img = loader.load(writePng(argb, "alpha.png"));
        assertEquals(0x10, img.sample(0, 0, 0));
        assertEquals(0x30, img.sample(0, 0, 2));
        assertEquals(0xC0, img.sample(1, 0, 0));
        assertEquals(0xA0, img.sample(1, 0, 2));
    }

    @Test
    void sixteenBitPngKeepsTheHighByte() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(3, 1);
        int[] values = {0x1234, 0xFFFF, 0x00FF, 0x8001, 0x7FFF, 0x0100, 0xABCD, 0x0000, 0xFF00};
        r.setPixels(0, 0, 3, 1, values);
        RgbImage img = loader.load(writePng(new BufferedImage(cm, r, false, null), "rgb16.png"));
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i] >> 8, img.sample(i / 3, 0, i % 3), "sample " + i);
        }
        BufferedImage gray16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 0xFEDC);
        gray16.getRaster().setSample(1, 0, 0, 0x0180);
        RgbImage g = loader.load(writePng(gray16, "gray16.png"));
        assertEquals(0xFE, g.sample(0, 0, 1));
        assertEquals(0x01, g.sample(1, 0, 2));
    }

    @Test
    void bufferedImagesOfOtherLayoutsConvert() {
        BufferedImage rgb565 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_565_RGB);
        rgb565.getRaster().setPixel(0, 0, new int[] {31, 63, 0});
        RgbImage a = RgbImage.of(rgb565);
        assertEquals(255, a.sample(0, 0, 0));
        assertEquals(255, a.sample(0, 0, 1));
        assertEquals(0, a.sample(0, 0, 2));
        BufferedImage pre = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        pre.setRGB(0, 0, 0x80_C8_64_32);
        RgbImage b = RgbImage.of(pre);
        assertEquals(0xC8, b.sample(0, 0, 0), 2);
        assertEquals(0x64, b.sample(0, 0, 1), 2);
        BufferedImage abgr = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
        abgr.setRGB(0, 0, 0x40_11_22_33);
        RgbImage c = RgbImage.of(abgr);
        assertEquals(0x11, c.sample(0, 0, 0));
        assertEquals(0x33, c.sample(0, 0, 2));
    }

    @Test
    void palettePngIsLookedUp() throws Exception {
        byte[] red = {(byte) 255, 0, 10, 0};
        byte[] green = {0, (byte) 255, 20, 0};
        byte[] blue = {0, 0, 30, (byte) 255};
        IndexColorModel icm = new IndexColorModel(2, 4, red, green, blue);
        BufferedImage pal = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int x = 0; x < 4; x++) {
            pal.getRaster().setSample(x, 0, 0, x);
        }
        RgbImage img = loader.load(writePng(pal, "palette.png"));
        assertEquals(255, img.sample(0, 0, 0));
        assertEquals(255, img.sample(1, 0, 1));
        assertEquals(10, img.sample(2, 0, 0));
        assertEquals(20, img.sample(2, 0, 1));
        assertEquals(30, img.sample(2, 0, 2));
        assertEquals(255, img.sample(3, 0, 2));
    }

    @Test
    void cmykJpegIsConvertedFromTheRaster() throws Exception {
        // A flat CMYK raster (as stored: Adobe-inverted values) written as a 4-channel JPEG.
        int w = 32;
        int h = 16;
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] px = {200, 100, 50, 180};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, px);
            }
        }
        Path f = tmp.resolve("cmyk.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(r, null, null), null);
        } finally {
            writer.dispose();
        }
        RgbImage img = loader.load(f);
        // Chromium: R = C·K/255 on the decoded samples; JPEG loses a little, so allow a small error.
        assertEquals(200 * 180 / 255, img.sample(w / 2, h / 2, 0), 3);
        assertEquals(100 * 180 / 255, img.sample(w / 2, h / 2, 1), 3);
        assertEquals(50 * 180 / 255, img.sample(w / 2, h / 2, 2), 3);
    }

    @Test
    void ycckJpegIsTransformedToCmykFirst() throws Exception {
        int w = 16;
        int h = 16;
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        int[] ycck = {200, 100, 50, 180};
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, ycck);
            }
        }
        Path plain = tmp.resolve("plain4.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var out = ImageIO.createImageOutputStream(plain.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(r, null, null), null);
        }
        // Same samples, labelled YCCK by an Adobe marker with transform 2 (the writer stores them unchanged).
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        IIOMetadata md;
        try (var in = ImageIO.createImageInputStream(plain.toFile())) {
            reader.setInput(in);
            md = reader.getImageMetadata(0);
        }
        IIOMetadataNode root = (IIOMetadataNode) md.getAsTree("javax_imageio_jpeg_image_1.0");
        IIOMetadataNode seq = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("version", "100");
        adobe.setAttribute("flags0", "0");
        adobe.setAttribute("flags1", "0");
        adobe.setAttribute("transform", "2");
        seq.insertBefore(adobe, seq.getFirstChild());
        md.setFromTree("javax_imageio_jpeg_image_1.0", root);
        Path f = tmp.resolve("ycck.jpg");
        try (var out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(r, null, md), null);
        } finally {
            writer.dispose();
        }
        RgbImage img = loader.load(f);
        // libjpeg: C = 255 - (Y + 1.402 Cr'), M = 255 - (Y - 0.34414 Cb' - 0.71414 Cr'), Y = 255 - (Y + 1.772 Cb'),
        // each clamped to [0, 255]; then Chromium's R = C*K/255.
        double cb = ycck[1] - 128;
        double cr = ycck[2] - 128;
        long c = clamp(255 - Math.round(ycck[0] + 1.402 * cr));
        long m = clamp(255 - Math.round(ycck[0] - 0.34414 * cb - 0.71414 * cr));
        long yl = clamp(255 - Math.round(ycck[0] + 1.772 * cb));
        assertEquals(c * 180 / 255, img.sample(8, 8, 0), 2);
        assertEquals(m * 180 / 255, img.sample(8, 8, 1), 2);
        assertEquals(yl * 180 / 255, img.sample(8, 8, 2), 2);
    }

    private static long clamp(long v) {
        return Math.max(0, Math.min(255, v));
    }

    @Test
    void jpegWithEmbeddedProfileGivesTheSamePixelsAsWithout() throws Exception {
        Path plain = tmp.resolve("plain.jpg");
        ImageIO.write(gradient(48, 32), "jpeg", plain.toFile());
        byte[] bytes = Files.readAllBytes(plain);
        // Splice an APP2 ICC_PROFILE segment (a non-sRGB profile) right after the JFIF APP0 segment.
        int app0End = 4 + ((bytes[4] & 0xFF) << 8 | (bytes[5] & 0xFF));
        byte[] icc = java.awt.color.ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] tag = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int len = 2 + tag.length + 2 + icc.length;
        ByteBuffer seg = ByteBuffer.allocate(2 + len);
        seg.put((byte) 0xFF).put((byte) 0xE2).putShort((short) len).put(tag).put((byte) 1).put((byte) 1).put(icc);
        ByteArrayOutputStream withIcc = new ByteArrayOutputStream();
        withIcc.write(bytes, 0, app0End);
        withIcc.write(seg.array());
        withIcc.write(bytes, app0End, bytes.length - app0End);
        Path profiled = Files.write(tmp.resolve("profiled.jpg"), withIcc.toByteArray());
        RgbImage a = loader.load(plain);
        RgbImage b = loader.load(profiled);
        assertArrayEquals(a.toBytes(), b.toBytes());
        BufferedImage managed = ImageIO.read(profiled.toFile());
        assertFalse(java.util.Arrays.equals(a.toBytes(), RgbImage.of(managed).toBytes())
                && (managed.getRGB(5, 5) & 0xFFFFFF) == rgbOf(a, 5, 5),
                "the test needs ImageIO's managed path to differ");
    }

    private static int rgbOf(RgbImage img, int x, int y) {
        return img.sample(x, y, 0) << 16 | img.sample(x, y, 1) << 8 | img.sample(x, y, 2);
    }

    private Path writePng(BufferedImage img, String name) throws Exception {
        Path f = tmp.resolve(name);
        assertTrue(ImageIO.write(img, "png", f.toFile()), "no PNG writer for " + img);
        return f;
    }

    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128);
            }
        }
        return img;
    }

    /** A PNG signature and a valid IHDR claiming the size, then an end: no pixel data at all. */
    private static byte[] pngHeaderOnly(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putInt(13).put(ihdr.array());
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        b.putInt((int) crc.getValue());
        CRC32 endCrc = new CRC32();
        endCrc.update("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(0).put("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) endCrc.getValue());
        return b.array();
    }
}
