package dev.amesh.converter.models;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MediaPipe's packed asset bundle: one {@code .data} file holding several files back to back, and an
 * Emscripten loader script whose metadata lists each file as
 * {@code {"filename": "/third_party/.../face_landmark.tflite", "start": 2495952, "end": 3737848}}.
 * The offsets are read from the script, never assumed.
 */
final class PackedAssets {
    static final String DATA_FILE = "face_mesh_solution_packed_assets.data";
    static final String LOADER_FILE = "face_mesh_solution_packed_assets_loader.js";

    private static final Pattern ENTRY = Pattern.compile(
            "\"filename\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"start\"\\s*:\\s*(\\d{1,15})\\s*,\\s*\"end\"\\s*:\\s*(\\d{1,15})");

    private final byte[] data;
    /** Base file name to its [start, end) byte range in {@link #data}. */
    private final Map<String, long[]> ranges;

    private PackedAssets(byte[] data, Map<String, long[]> ranges) {
        this.data = data;
        this.ranges = ranges;
    }

    /**
     * @param loaderScript the loader JavaScript
     * @param data the {@code .data} bundle
     * @throws IOException if the script lists no files or a range falls outside the bundle
     */
    static PackedAssets parse(String loaderScript, byte[] data) throws IOException {
        Map<String, long[]> ranges = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(loaderScript);
        while (m.find()) {
            String path = m.group(1);
            long start = Long.parseLong(m.group(2));
            long end = Long.parseLong(m.group(3));
            if (start > end || end > data.length) {
                throw new IOException("the loader script puts " + path + " at bytes " + start + "-" + end
                        + ", outside the " + data.length + "-byte " + DATA_FILE);
            }
            ranges.putIfAbsent(path.substring(path.lastIndexOf('/') + 1), new long[] {start, end});
        }
        if (ranges.isEmpty()) {
            throw new IOException(LOADER_FILE + " lists no \"filename\"/\"start\"/\"end\" entries; it is not the"
                    + " loader of " + ModelStore.PACKAGE);
        }
        return new PackedAssets(data, ranges);
    }

    /** The bytes of the file named {@code baseName}. */
    byte[] file(String baseName) throws IOException {
        long[] r = ranges.get(baseName);
        if (r == null) {
            throw new IOException(LOADER_FILE + " does not list " + baseName + " (it lists " + ranges.keySet() + ")");
        }
        return Arrays.copyOfRange(data, (int) r[0], (int) r[1]);
    }
}
