package dev.amesh.opencl;

import dev.amesh.api.backend.BackendOptions;
import dev.amesh.api.backend.CompiledModel;
import dev.amesh.api.graph.Graph;
import dev.amesh.api.tensor.Tensor;
import dev.amesh.cpu.CpuBackend;
import java.util.Arrays;

/**
 * A small latency measurement for docs/opencl.md (the jmh module benchmarks the backend properly):
 * compile time, then the median and best of {@code runs} inferences per model, for "opencl" on the
 * default device and for "scalar". Run from the module with the test class path:
 * {@code java -cp ... dev.amesh.opencl.OpenClTiming [runs]}.
 */
public final class OpenClTiming {
    private OpenClTiming() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        OpenClBackend backend = new OpenClBackend();
        if (!backend.isAvailable()) {
            System.out.println("OpenCL unavailable: " + backend.unavailableReason());
            return;
        }
        System.out.println("device: " + ClPlatforms.select(-1).describe());
        for (String file : new String[] {"face_landmark_with_attention.tflite", "face_landmark.tflite",
            "face_detection_short_range.tflite"}) {
            Graph g = OpenClTestSupport.model(file);
            Tensor input = Tensor.zeros(g.inputTensors().get(0).shape());
            long t0 = System.nanoTime();
            try (OpenClCompiledModel m = backend.compile(g, BackendOptions.defaults())) {
                long compileMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("%-38s opencl: compile %5d ms, %3d programs, %3d launches, %s%n", file,
                        compileMs, m.programCount(), m.launchCount(), stats(m, input, runs));
            }
            try (CompiledModel m = new CpuBackend().compile(g, BackendOptions.defaults())) {
                System.out.printf("%-38s scalar: %s%n", file, stats(m, input, Math.max(3, runs / 4)));
            }
        }
    }

    private static String stats(CompiledModel m, Tensor input, int runs) {
        m.run(input);
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            m.run(input);
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        return String.format("median %.2f ms, best %.2f ms over %d runs", ns[runs / 2] / 1e6, ns[0] / 1e6, runs);
    }
}
