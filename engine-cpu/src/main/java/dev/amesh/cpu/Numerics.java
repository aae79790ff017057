package dev.amesh.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * How CONV_2D rounds its multiply-adds, one choice for the whole JVM so that every backend in it (the
 * scalar reference, the Vector API kernels, OpenCL) computes the same bits.
 *
 * <p><b>Fused</b> (the default where the CPU has fused multiply-add instructions, as every x86 CPU with
 * FMA3 and every ARM64 CPU does): {@code acc = fma(x, w, acc)}, one rounding per term, as XNNPACK's
 * x86 (FMA3, AVX-512) and ARM64 kernels compute MediaPipe's models. On CPUs with two FMA units (Intel
 * server cores) this doubles the arithmetic rate of the convolutions. <b>Separate</b>: the product is
 * rounded, then the sum, as in Google's WebAssembly build of TFLite that produced the project's reference
 * tensors; chosen automatically where the JVM has no hardware FMA ({@code -XX:-UseFMA}), since the
 * software {@link Math#fma} is orders of magnitude slower. Both stay within the REFERENCE tolerance of
 * Google's runtime (the conformance tests run in both modes).
 *
 * <p>{@code -Damesh.fma=true|false} forces one.
 */
public final class Numerics {
    public static final String PROPERTY = "amesh.fma";

    private static final String INVALID = invalidReason(System.getProperty(PROPERTY));
    /**
     * True when CONV_2D fuses each multiply-add. Kernels read this constant (so C2 keeps one branch); an
     * invalid {@code -Damesh.fma} leaves the default here and fails {@link #check()}, which every compile calls.
     */
    public static final boolean FUSED_CONV = decide();

    private Numerics() {
    }

    private static boolean decide() {
        Boolean forced = INVALID.isEmpty() ? parse(System.getProperty(PROPERTY)) : null;
        return forced != null ? forced : hardwareFma();
    }

    /** @throws IllegalArgumentException when {@code -Damesh.fma} is neither {@code true} nor {@code false} */
    public static void check() {
        if (!INVALID.isEmpty()) {
            throw new IllegalArgumentException(INVALID);
        }
    }

    /** One line for logs: which rounding and why. */
    public static String describe() {
        String forced = System.getProperty(PROPERTY);
        String why = !INVALID.isEmpty() ? INVALID
                : forced != null && !forced.isBlank() ? "-D" + PROPERTY + "=" + forced.trim()
                : FUSED_CONV ? "the CPU has FMA" : "the JVM reports no hardware FMA (UseFMA off)";
        return (FUSED_CONV ? "fused multiply-add" : "separate multiply and add") + " in convolutions (" + why + ")";
    }

    /**
     * The property's value: null when unset or blank.
     *
     * @throws IllegalArgumentException for anything but true or false
     */
    static Boolean parse(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        switch (v.trim()) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + " must be true or false, got '" + v + "'");
        }
    }

    private static String invalidReason(String v) {
        try {
            parse(v);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** HotSpot's own verdict ({@code UseFMA}, set from the CPU's features); true on a JVM that has no such flag. */
    static boolean hardwareFma() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (bean == null) {
                return true;
            }
            VMOption option = bean.getVMOption("UseFMA");
            return Boolean.parseBoolean(option.getValue());
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }
}
