package dev.amesh.converter.tfjs;

import java.util.List;

/**
 * One node of a TF.js graph: its unique name, TF op name, input references ({@code name}, {@code name:k}
 * for output k, or {@code ^name} for a control dependency) and attributes.
 */
public record TfjsNode(String name, String op, List<String> inputs, TfjsAttrs attrs) {

    public TfjsNode {
        inputs = List.copyOf(inputs);
    }

    /** The node an input reference points at: {@code a/b:1} and {@code ^a/b} both give {@code a/b}. */
    public static String nodeName(String reference) {
        String r = reference.startsWith("^") ? reference.substring(1) : reference;
        int colon = r.lastIndexOf(':');
        if (colon > 0 && isDigits(r, colon + 1)) {
            return r.substring(0, colon);
        }
        return r;
    }

    /** The output index an input reference selects ({@code 0} without a {@code :k} suffix). */
    public static int outputIndex(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon > 0 && isDigits(reference, colon + 1)) {
            return Integer.parseInt(reference.substring(colon + 1));
        }
        return 0;
    }

    /** Whether the reference is a control dependency ({@code ^name}), which carries no data. */
    public static boolean isControl(String reference) {
        return reference.startsWith("^");
    }

    /** The data inputs (control dependencies left out). */
    public List<String> dataInputs() {
        return inputs.stream().filter(r -> !isControl(r)).toList();
    }

    private static boolean isDigits(String s, int from) {
        if (from >= s.length() || s.length() - from > 6) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
