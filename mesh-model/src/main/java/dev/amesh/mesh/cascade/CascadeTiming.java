package dev.amesh.mesh.cascade;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.Backends;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.TensorInfo;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.converter.models.ModelId;
import dev.amesh.converter.models.ModelStore;
import dev.amesh.converter.models.TfjsModelStore;
import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.RgbImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * An analogue of the Attention Mesh paper's Table 1 on this machine: median milliseconds of the landmark
 * networks alone (mesh, one iris-architecture run per eye, the lips timing stand-in, the attention mesh) and
 * of whole images (FaceMesh with the attention model against FaceCascade with eyes and the lips stand-in).
 * For steady numbers prefer JMH; this is the quick, dependency-free version.
 *
 * <pre>java ... dev.amesh.mesh.cascade.CascadeTiming IMAGE [backend] [threads] [iterations]</pre>
 */
public final class CascadeTiming {
    /** Medians in milliseconds. */
    public record Result(String backend, int threads, double mesh, double iris, double attention, double attentionImage,
            double cascadeImage) {
        /** The cascade's networks: mesh + 2 eyes + the lips stand-in (same network as an eye). */
        public double cascadeNetworks() {
            return mesh + 3 * iris;
        }

        public String toMarkdown() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "backend %s, %s; median ms%n%n", backend,
                    threads > 0 ? threads + " thread(s)" : "default threads"));
            sb.append("| network / pipeline | ms |\n|---|---|\n");
            sb.append(String.format(Locale.ROOT, "| mesh (face_landmark, 192x192) | %.2f |%n", mesh));
            sb.append(String.format(Locale.ROOT, "| eyes (iris model, 64x64) x 2 | %.2f |%n", 2 * iris));
            sb.append(String.format(Locale.ROOT, "| lips: TIMING STAND-IN (iris network on a lips crop) | %.2f |%n",
                    iris));
            sb.append(String.format(Locale.ROOT, "| cascade networks total | %.2f |%n", cascadeNetworks()));
            sb.append(String.format(Locale.ROOT, "| attention mesh (192x192) | %.2f |%n", attention));
            sb.append(String.format(Locale.ROOT, "| whole image: detector + cascade (eyes + lips stand-in) | %.2f |%n",
                    cascadeImage));
            sb.append(String.format(Locale.ROOT, "| whole image: detector + attention mesh | %.2f |%n",
                    attentionImage));
            return sb.toString();
        }
    }

    private CascadeTiming() {
    }

    /**
     * Times the networks on zero inputs and the pipelines on {@code image}, after {@code warmup} runs each.
     *
     * @param threads threads per inference, or 0 for the backend's default
     */
    public static Result measure(Graph detector, Graph attention, Graph mesh, Graph iris, RgbImage image,
            String backend, int threads, int warmup, int iterations) {
        BackendOptions options = threads > 0 ? BackendOptions.defaults().withThreads(threads) : BackendOptions.defaults();
        double meshMs = timeNetwork(mesh, backend, options, warmup, iterations);
        double irisMs = timeNetwork(iris, backend, options, warmup, iterations);
        double attentionMs = timeNetwork(attention, backend, options, warmup, iterations);
        double attentionImage;
        FaceMesh.Builder fm = FaceMesh.builder().models(detector, attention).backend(backend);
        FaceCascade.Builder fc = FaceCascade.builder().models(detector, mesh, iris).backend(backend)
                .lipsTimingStandIn(true);
        if (threads > 0) {
            fm.threads(threads);
            fc.threads(threads);
        }
        try (FaceMesh m = fm.build()) {
            attentionImage = median(() -> {
                long t = System.nanoTime();
                m.detect(image);
                return System.nanoTime() - t;
            }, warmup, iterations);
        }
        double cascadeImage;
        try (FaceCascade c = fc.build()) {
            cascadeImage = median(() -> {
                long t = System.nanoTime();
                c.detect(image);
                return System.nanoTime() - t;
            }, warmup, iterations);
        }
        return new Result(backend, threads, meshMs, irisMs, attentionMs, attentionImage, cascadeImage);
    }

    private static double timeNetwork(Graph g, String backend, BackendOptions options, int warmup, int iterations) {
        try (CompiledModel m = Backends.get(backend).compile(g, options)) {
            Tensor[] inputs = new Tensor[g.inputs().length];
            int k = 0;
            for (TensorInfo t : g.inputTensors()) {
                inputs[k++] = Tensor.zeros(t.shape());
            }
            return median(() -> {
                long t = System.nanoTime();
                m.run(inputs);
                return System.nanoTime() - t;
            }, warmup, iterations);
        }
    }

    private static double median(LongSupplier run, int warmup, int iterations) {
        for (int i = 0; i < warmup; i++) {
            run.getAsLong();
        }
        long[] ns = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            ns[i] = run.getAsLong();
        }
        Arrays.sort(ns);
        return ns[iterations / 2] / 1e6;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CascadeTiming IMAGE [backend] [threads] [iterations]");
            System.exit(2);
        }
        RgbImage image = new ImageLoader().load(Path.of(args[0]));
        String backend = args.length > 1 ? args[1] : Backends.best().name();
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        ModelStore store = ModelStore.defaultStore();
        Result r = measure(store.load(ModelId.DETECTOR), store.load(ModelId.ATTENTION), store.load(ModelId.MESH),
                TfjsModelStore.defaultStore().load(TfjsModelStore.IRIS), image, backend, threads,
                Math.max(3, iterations / 3), iterations);
        System.out.print(r.toMarkdown());
    }
}
