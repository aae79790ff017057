package dev.amesh.mesh.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Loads PNG and JPEG files (and whatever else ImageIO reads) into {@link RgbImage}, with the samples
 * MediaPipe's decoders see (see {@link RasterToRgb}). The header is read first and images above the
 * pixel budget are refused before any pixel is decoded. Files are only read, never written.
 */
public final class ImageLoader {
    /** Default budget: 64 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 64L * 1024 * 1024;

    private final long maxPixels;

    public ImageLoader() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels largest width·height accepted */
    public ImageLoader(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("the pixel budget must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public RgbImage load(Path file) throws ImageLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ImageLoadException("Cannot read image " + file + ": no such file.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageLoadException("Cannot read image " + file + ": " + e.getMessage() + ".", e);
        }
        if (size == 0) {
            throw new ImageLoadException("Cannot read image " + file + ": the file is empty.");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new ImageLoadException("Cannot read image " + file + ": the file cannot be opened.");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageLoadException("Cannot read image " + file
                        + ": not a PNG, JPEG or other image format that Java can decode.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                return decode(reader, file);
            } finally {
                reader.dispose();
            }
        } catch (ImageLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageLoadException("Cannot read image " + file + ": the " + formatOf(file)
                    + " data is corrupt or truncated (" + describe(e) + ").", e);
        }
    }

    private RgbImage decode(ImageReader reader, Path file) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new ImageLoadException("Cannot read image " + file + ": its header gives an empty size of "
                    + width + "x" + height + ".");
        }
        if ((long) width * height > maxPixels) {
            throw new ImageLoadException("Cannot read image " + file + ": " + width + "x" + height + " = "
                    + (long) width * height + " pixels exceeds the budget of " + maxPixels + " pixels.");
        }
        if (width > RgbImage.MAX_SIDE || height > RgbImage.MAX_SIDE) {
            throw new ImageLoadException("Cannot read image " + file + ": a side of " + Math.max(width, height)
                    + " pixels exceeds the supported " + RgbImage.MAX_SIDE + ".");
        }
        List<String> truncation = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                truncation.add(warning);
            }
        });
        boolean jpeg = "jpeg".equalsIgnoreCase(reader.getFormatName());
        RgbImage image;
        if (jpeg && isFourChannelJpeg(reader)) {
            image = decodeCmykJpeg(reader);
        } else {
            ImageReadParam param = reader.getDefaultReadParam();
            if (jpeg) {
                ImageTypeSpecifier raw = embeddedProfileType(reader);
                if (raw != null) {
                    // A destination image rather than a destination type: the reader checks types by
                    // identity of the colour space and would refuse an equal copy.
                    param.setDestination(raw.createBufferedImage(width, height));
                }
            }
            BufferedImage decoded = reader.read(0, param);
            image = RasterToRgb.convert(decoded);
        }
        if (!truncation.isEmpty()) {
            throw new ImageLoadException("Cannot read image " + file + ": the JPEG data is truncated ("
                    + truncation.get(0) + ").");
        }
        return image;
    }

    /**
     * For a JPEG with an embedded ICC profile, the image type in that profile's colour space: decoding
     * into it skips Java's ICC conversion, so the samples equal libjpeg's plain YCbCr-to-RGB output that
     * browsers and MediaPipe use.
     */
    private static ImageTypeSpecifier embeddedProfileType(ImageReader reader) throws IOException {
        Iterator<ImageTypeSpecifier> types;
        try {
            types = reader.getImageTypes(0);
        } catch (IIOException e) {
            return null;
        }
        while (types.hasNext()) {
            ImageTypeSpecifier t = types.next();
            ColorSpace cs = t.getColorModel().getColorSpace();
            if (cs instanceof ICC_ColorSpace && !cs.isCS_sRGB() && cs.getType() == ColorSpace.TYPE_RGB) {
                return t;
            }
        }
        return null;
    }

    private static boolean isFourChannelJpeg(ImageReader reader) throws IOException {
        IIOMetadata md;
        try {
            md = reader.getImageMetadata(0);
        } catch (IIOException e) {
            // ImageIO's strict marker checks (e.g. JFIF not first); the pixels may still decode.
            return false;
        }
        if (md == null || !md.isStandardMetadataFormatSupported()) {
            return false;
        }
        Node n = find(md.getAsTree("javax_imageio_1.0"), "NumChannels");
        return n != null && "4".equals(attribute(n, "value"));
    }

    /**
     * CMYK and YCCK JPEGs, which ImageIO's {@code read} rejects: decode the raw raster, undo the YCC
     * transform where the Adobe marker says so (as libjpeg does), then apply Chromium's inverted-CMYK rule.
     */
    private static RgbImage decodeCmykJpeg(ImageReader reader) throws IOException {
        IIOMetadata md = reader.getImageMetadata(0);
        Node adobe = find(md.getAsTree("javax_imageio_jpeg_image_1.0"), "app14Adobe");
        boolean ycck = adobe != null && "2".equals(attribute(adobe, "transform"));
        Raster raster = reader.readRaster(0, null);
        if (raster.getNumBands() != 4) {
            throw new IIOException("expected 4 channels, the decoder gave " + raster.getNumBands());
        }
        if (ycck) {
            raster = YcckToCmyk.convert(raster);
        }
        return RasterToRgb.fromCmyk(raster);
    }

    private static Node find(Node node, String name) {
        if (name.equals(node.getNodeName())) {
            return node;
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            Node hit = find(c, name);
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        NamedNodeMap attrs = node.getAttributes();
        Node a = attrs == null ? null : attrs.getNamedItem(name);
        return a == null ? null : a.getNodeValue();
    }

    private static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "PNG";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "JPEG";
        }
        return "image";
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
