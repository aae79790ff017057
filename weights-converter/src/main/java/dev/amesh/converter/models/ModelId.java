package dev.amesh.converter.models;

import java.util.Locale;

/**
 * The three MediaPipe models amesh runs, as shipped in {@link ModelStore#PACKAGE}: short name for the
 * command line, file name inside the package, and the SHA-256 of the exact bytes amesh was built against.
 */
public enum ModelId {
    ATTENTION("attention", "face_landmark_with_attention.tflite",
            "883b7411747bac657c30c462d305d312e9dec6adbf8b85e2f5d8d722fca9455d"),
    MESH("mesh", "face_landmark.tflite",
            "c603fa6149219a3e9487dc9abd7a0c24474c77263273d24868378cdf40aa26d1"),
    DETECTOR("detector", "face_detection_short_range.tflite",
            "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633");

    private final String shortName;
    private final String fileName;
    private final String sha256;

    ModelId(String shortName, String fileName, String sha256) {
        this.shortName = shortName;
        this.fileName = fileName;
        this.sha256 = sha256;
    }

    /** {@code attention}, {@code mesh} or {@code detector}. */
    public String shortName() {
        return shortName;
    }

    /** The .tflite file name in the package, e.g. {@code face_landmark.tflite}. */
    public String fileName() {
        return fileName;
    }

    /** The file name without {@code .tflite}; converted files are named after it. */
    public String fileBase() {
        return fileName.substring(0, fileName.length() - ".tflite".length());
    }

    /** Lower-case hex SHA-256 of the .tflite file. */
    public String sha256() {
        return sha256;
    }

    /** The model with this short name (case-insensitive). */
    public static ModelId byShortName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ModelId id : values()) {
            if (id.shortName.equals(n)) {
                return id;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; known: " + shortNames());
    }

    /** Whether {@code name} is one of the short names. */
    public static boolean isShortName(String name) {
        for (ModelId id : values()) {
            if (id.shortName.equalsIgnoreCase(name.trim())) {
                return true;
            }
        }
        return false;
    }

    /** {@code attention, mesh, detector}. */
    public static String shortNames() {
        StringBuilder sb = new StringBuilder();
        for (ModelId id : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(id.shortName);
        }
        return sb.toString();
    }
}
