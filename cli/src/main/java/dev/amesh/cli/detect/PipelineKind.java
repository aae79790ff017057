package dev.amesh.cli.detect;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** Which landmark pipeline {@code amesh detect --model} runs; {@link #jsonName()} is the JSON "model" field. */
public enum PipelineKind {
    /** BlazeFace + the attention mesh (478 points in one network). */
    ATTENTION,
    /** BlazeFace + the plain 468-point mesh + the iris model on both eyes, merged to 478 points. */
    CASCADE;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code attention} or {@code cascade} (any case) with a message that lists both. */
    public static final class Converter implements CommandLine.ITypeConverter<PipelineKind> {
        @Override
        public PipelineKind convert(String value) {
            for (PipelineKind k : values()) {
                if (k.jsonName().equalsIgnoreCase(value.trim())) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException("unknown model '" + value + "'; use attention or cascade");
        }
    }

    /** The names for help and shell completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(ATTENTION.jsonName(), CASCADE.jsonName()).iterator();
        }
    }
}
