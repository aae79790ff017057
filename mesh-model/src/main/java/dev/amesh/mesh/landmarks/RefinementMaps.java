package dev.amesh.mesh.landmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attention model's index maps (resource {@code refinement-index-maps.json}, see its provenance note):
 * where each region landmark goes in the 478-point list, and which mesh points the iris z averages.
 */
public final class RefinementMaps {
    private static final RefinementMaps INSTANCE = load();

    private final int[] lips;
    private final int[] leftEye;
    private final int[] rightEye;
    private final int[] leftIris;
    private final int[] rightIris;
    private final int[] leftIrisZSource;
    private final int[] rightIrisZSource;

    private RefinementMaps(String json) {
        lips = array(json, "lips");
        leftEye = array(json, "left_eye");
        rightEye = array(json, "right_eye");
        leftIris = array(json, "left_iris");
        rightIris = array(json, "right_iris");
        leftIrisZSource = array(json, "left_avg");
        rightIrisZSource = array(json, "right_avg");
    }

    public static RefinementMaps get() {
        return INSTANCE;
    }

    /** Target index of each of the 80 lip landmarks. */
    public int[] lips() {
        return lips.clone();
    }

    /** Target index of each of the 71 landmarks of the eye around mesh points 33/133 (image left). */
    public int[] leftEye() {
        return leftEye.clone();
    }

    /** Target index of each of the 71 landmarks of the eye around mesh points 362/263. */
    public int[] rightEye() {
        return rightEye.clone();
    }

    public int[] leftIris() {
        return leftIris.clone();
    }

    public int[] rightIris() {
        return rightIris.clone();
    }

    /** The 16 mesh points whose mean z every left-iris point gets. */
    public int[] leftIrisZSource() {
        return leftIrisZSource.clone();
    }

    public int[] rightIrisZSource() {
        return rightIrisZSource.clone();
    }

    private static RefinementMaps load() {
        try (InputStream in = RefinementMaps.class.getResourceAsStream("refinement-index-maps.json")) {
            if (in == null) {
                throw new IllegalStateException("resource refinement-index-maps.json is missing from the class path");
            }
            return new RefinementMaps(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The integer array stored under {@code key} in the flat JSON object. */
    private static int[] array(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\[([0-9,\\s]*)]").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("refinement-index-maps.json has no integer array '" + key + "'");
        }
        List<Integer> values = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            if (!part.isBlank()) {
                values.add(Integer.parseInt(part.trim()));
            }
        }
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
