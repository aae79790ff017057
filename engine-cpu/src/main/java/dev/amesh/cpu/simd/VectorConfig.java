package dev.amesh.cpu.simd;

/**
 * Whether the Vector API can be used in this JVM, and which width was asked for. Touches no
 * {@code jdk.incubator.vector} class, so it is safe to load anywhere.
 *
 * <p>{@code -Damesh.vectorBits}: unset for the machine's preferred width, {@code 128}, {@code 256} or
 * {@code 512} to force one (tests run every width), {@code 0} to switch the {@code cpu} backend off.
 */
public final class VectorConfig {
    public static final String MODULE = "jdk.incubator.vector";
    public static final String FLAG = "--add-modules " + MODULE;
    public static final String BITS_PROPERTY = "amesh.vectorBits";

    private VectorConfig() {
    }

    /** True when the incubator module is in the boot layer, hence readable by class-path code. */
    public static boolean moduleReadable() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /**
     * The forced width in bits: -1 when unset (preferred width), 0 when switched off, else 128, 256 or 512.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static int requestedBits() {
        String v = System.getProperty(BITS_PROPERTY);
        if (v == null || v.isBlank()) {
            return -1;
        }
        return switch (v.trim()) {
            case "0" -> 0;
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalArgumentException("-D" + BITS_PROPERTY + " must be 0, 128, 256 or 512, got '"
                    + v + "'");
        };
    }

    /** Why the Vector API kernels cannot run, or empty when they can. */
    public static String unavailableReason() {
        if (!moduleReadable()) {
            return "the Vector API module is not readable; start the JVM with " + FLAG;
        }
        try {
            if (requestedBits() == 0) {
                return "switched off by -D" + BITS_PROPERTY + "=0";
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return "";
    }
}
