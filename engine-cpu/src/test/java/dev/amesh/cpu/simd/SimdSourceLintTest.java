package dev.amesh.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hot-path hygiene for {@code dev.amesh.cpu.simd}: no streams, no boxed number types and no for-each
 * loops (each hides an iterator or a box, i.e. an allocation), and no scratch arrays of arrays indexed by
 * thread (the first thread's writes share a cache line with the outer array every thread reads; see
 * {@code ConvKernel.scratchStride}). {@code VectorSpecies<Float>},
 * {@code VectorSpecies<Double>} and {@code VectorMask<Float>} are type arguments, not boxing, and constants such as {@code Float.MAX_VALUE}
 * are plain reads.
 */
class SimdSourceLintTest {
    private static final Pattern STREAM = Pattern.compile("\\.stream\\(|\\bStream\\b|\\bIntStream\\b|\\bCollectors\\b");
    private static final Pattern BOXED =
            Pattern.compile("\\b(Integer|Long|Double|Short|Byte|Character|Boolean|Float)\\b(?!\\s*\\.)");
    private static final Pattern FOR_EACH = Pattern.compile("\\bfor\\s*\\([^;()]*:");
    private static final Pattern PER_THREAD_ARRAYS = Pattern.compile("new\\s+\\w+\\s*\\[[^\\]]*threads\\(\\)[^\\]]*\\]\\s*\\[");

    private static Path sources() {
        Path p = Path.of("src/main/java/dev/amesh/cpu/simd");
        if (!Files.isDirectory(p)) {
            p = Path.of("engine-cpu").resolve(p);
        }
        assertTrue(Files.isDirectory(p), "cannot find " + p.toAbsolutePath());
        return p;
    }

    /** The source without comments and string literals. */
    static String code(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    static List<String> violations(String fileName, String source) {
        String code = code(source).replaceAll("\\b(VectorSpecies|VectorMask|VectorShuffle)<(Float|Double)>", "$1<F>");
        List<String> found = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            check(fileName, i + 1, lines[i], STREAM, "stream", found);
            check(fileName, i + 1, lines[i], BOXED, "boxed type", found);
            check(fileName, i + 1, lines[i], FOR_EACH, "for-each loop", found);
            check(fileName, i + 1, lines[i], PER_THREAD_ARRAYS, "array of per-thread arrays", found);
        }
        return found;
    }

    private static void check(String file, int line, String text, Pattern p, String what, List<String> found) {
        Matcher m = p.matcher(text);
        if (m.find()) {
            found.add(file + ":" + line + ": " + what + " '" + m.group() + "'");
        }
    }

    @Test
    void simdSourcesUseNoStreamsBoxingOrForEach() throws IOException {
        List<String> all = new ArrayList<>();
        int files = 0;
        try (Stream<Path> list = Files.list(sources())) {
            for (Path f : (Iterable<Path>) list.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                all.addAll(violations(f.getFileName().toString(), Files.readString(f)));
            }
        }
        assertTrue(files >= 10, "expected the simd sources, found " + files + " files");
        assertEquals(List.of(), all);
    }

    @Test
    void theLintCatchesWhatItForbids() {
        String bad = "class A {\n int f(List<Integer> xs) {\n for (int x : xs) { }\n"
                + " return xs.stream().mapToInt(i -> i).sum();\n }\n float[][] t = new float[pool.threads()][64];\n}\n";
        assertEquals(4, violations("A.java", bad).size(), violations("A.java", bad).toString());
        String ok = "class B { // for (int x : xs) Integer\n VectorSpecies<Float> s; float m = Float.MAX_VALUE;\n"
                + " String t = \"for (a : b)\"; }\n";
        assertEquals(List.of(), violations("B.java", ok));
    }
}
