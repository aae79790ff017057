package dev.amesh.mesh.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.amesh.api.graph.Graph;
import dev.amesh.converter.models.ModelId;
import dev.amesh.mesh.Face;
import dev.amesh.mesh.FaceMesh;
import dev.amesh.mesh.FaceMeshResult;
import dev.amesh.mesh.image.ImageLoader;
import dev.amesh.mesh.image.ImageSampling;
import dev.amesh.mesh.image.RgbImage;
import dev.amesh.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An analogue of the Attention Mesh paper's Table 2 on the reference photos: the attention mesh, the cascade
 * (mesh + iris x2) and the base mesh alone, each compared per region ({@link RegionErrors}) with
 * <b>MediaPipe's attention-mesh landmarks</b> ({@code testdata/reference/mediapipe/cpu-inference}). The
 * reference is therefore the attention model itself, not human annotation: the attention row measures
 * reproduction error, the other two rows how far the older pipelines land from the attention mesh. All three
 * use PIXEL_CENTER sampling, the convention of the reference run. Writes the table to
 * {@code target/cascade-table2.md}.
 */
@Tag("models")
class CascadeTable2Test {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Row(String image, RegionErrors attention, RegionErrors cascade, RegionErrors mesh) {
    }

    @Test
    void table2Analogue() throws Exception {
        Graph detector = CascadeModels.graph(ModelId.DETECTOR);
        Graph attentionGraph = CascadeModels.graph(ModelId.ATTENTION);
        Graph meshGraph = CascadeModels.graph(ModelId.MESH);
        Graph iris = CascadeModels.iris();
        List<Row> rows = new ArrayList<>();
        try (FaceMesh attention = FaceMesh.builder().models(detector, attentionGraph).maxFaces(4)
                .imageSampling(ImageSampling.PIXEL_CENTER).build();
                FaceCascade cascade = FaceCascade.builder().models(detector, meshGraph, iris).maxFaces(4)
                        .imageSampling(ImageSampling.PIXEL_CENTER).build()) {
            for (Path golden : goldenFiles()) {
                JsonNode ref = JSON.readTree(golden.toFile());
                int w = ref.get("width").asInt();
                int h = ref.get("height").asInt();
                RgbImage image = new ImageLoader().load(TestData.reference("images/" + ref.get("image").asText()));
                FaceMeshResult a = attention.detect(image);
                CascadeResult c = cascade.detect(image);
                assertEquals(ref.get("faces").size(), a.faces().size(), golden + ": attention face count");
                assertEquals(ref.get("faces").size(), c.faces().size(), golden + ": cascade face count");
                for (JsonNode refFace : ref.get("faces")) {
                    double[] expected = pixels(refFace.get("landmarks"), w, h);
                    float[] att = nearest(a.faces().stream().map(Face::landmarks).toList(), expected);
                    CascadeFace cf = nearestCascade(c.faces(), expected);
                    rows.add(new Row(ref.get("image").asText(), RegionErrors.of(att, expected),
                            RegionErrors.of(cf.landmarks(), expected), RegionErrors.of(cf.baseMeshLandmarks(), expected)));
                    assertCascadeKeepsTheMeshOutsideTheEyes(cf);
                }
            }
        }
        String table = table(rows);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/cascade-table2.md"), table);

        RegionErrors att = average(rows, Row::attention);
        RegionErrors cas = average(rows, Row::cascade);
        RegionErrors mesh = average(rows, Row::mesh);
        // Our attention mesh reproduces the reference (its README's bound: 0.5 % of the interocular distance).
        assertTrue(att.all() < 0.005, "attention all-points error " + att.all());
        // The cascade changes only the eyes: lips are the base mesh's, to the last bit.
        assertEquals(mesh.lips(), cas.lips(), 0.0);
        // The iris model's lid contours land nearer the attention mesh's than the base mesh's own: the point of
        // the cascade (measured: 4.7 % of the eye width against 5.7 %).
        assertTrue(cas.eyelids() < mesh.eyelids(), "cascade eyelids " + cas.eyelids() + ", base " + mesh.eyelids());
        // The eye crops land on the eyes: a mirrored or misplaced crop would be off by much more.
        assertTrue(cas.eyes() < 0.1 && cas.irisCentres() < 0.1, "cascade eyes " + cas.eyes() + ", iris centres "
                + cas.irisCentres());
    }

    private static void assertCascadeKeepsTheMeshOutsideTheEyes(CascadeFace f) {
        float[] all = f.landmarks();
        float[] base = f.baseMeshLandmarks();
        java.util.Set<Integer> eyes = new java.util.HashSet<>(Face.LEFT_EYE);
        eyes.addAll(Face.RIGHT_EYE);
        for (int i = 0; i < 468; i++) {
            if (!eyes.contains(i)) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(base[3 * i + c], all[3 * i + c], "mesh point " + i);
                }
            }
        }
    }

    private static List<Path> goldenFiles() throws IOException {
        try (Stream<Path> files = Files.list(TestData.reference("mediapipe/cpu-inference"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static double[] pixels(JsonNode landmarks, int w, int h) {
        double[] px = new double[2 * landmarks.size()];
        for (int i = 0; i < landmarks.size(); i++) {
            px[2 * i] = (float) landmarks.get(i).get(0).asDouble() * (double) w;
            px[2 * i + 1] = (float) landmarks.get(i).get(1).asDouble() * (double) h;
        }
        return px;
    }

    private static float[] nearest(List<float[]> faces, double[] expected) {
        float[] best = null;
        double bestD = Double.MAX_VALUE;
        for (float[] f : faces) {
            double d = Math.hypot(f[3 * 1] - expected[2], f[3 * 1 + 1] - expected[3]);
            if (d < bestD) {
                bestD = d;
                best = f;
            }
        }
        return best;
    }

    private static CascadeFace nearestCascade(List<CascadeFace> faces, double[] expected) {
        CascadeFace best = null;
        double bestD = Double.MAX_VALUE;
        for (CascadeFace f : faces) {
            double d = Math.hypot(f.x(1) - expected[2], f.y(1) - expected[3]);
            if (d < bestD) {
                bestD = d;
                best = f;
            }
        }
        return best;
    }

    private static RegionErrors average(List<Row> rows, java.util.function.Function<Row, RegionErrors> pick) {
        double l = 0;
        double e = 0;
        double lid = 0;
        double i = 0;
        double a = 0;
        for (Row r : rows) {
            RegionErrors x = pick.apply(r);
            l += x.lips();
            e += x.eyes();
            lid += x.eyelids();
            i += x.irisCentres();
            a += x.all();
        }
        int n = rows.size();
        return new RegionErrors(l / n, e / n, lid / n, i / n, a / n);
    }

    private static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("Mean distance to MediaPipe's attention-mesh landmarks (cpu-inference), % of the region's"
                + " reference size; ").append(rows.size()).append(" faces.\n\n");
        sb.append("| model | lips | eyes | eyelids | iris centres | all (468) |\n|---|---|---|---|---|---|\n");
        row(sb, "attention mesh (ours)", average(rows, Row::attention));
        row(sb, "cascade: mesh + iris x2 (ours)", average(rows, Row::cascade));
        row(sb, "base mesh alone (ours)", average(rows, Row::mesh));
        sb.append("\nPer image (attention / cascade / base mesh, eyes, eyelids and lips):\n\n");
        sb.append("| image | eyes | eyelids | lips |\n|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f |%n",
                    r.image(), 100 * r.attention().eyes(), 100 * r.cascade().eyes(), 100 * r.mesh().eyes(),
                    100 * r.attention().eyelids(), 100 * r.cascade().eyelids(), 100 * r.mesh().eyelids(),
                    100 * r.attention().lips(), 100 * r.cascade().lips(), 100 * r.mesh().lips()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, RegionErrors e) {
        sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %s | %.3f |%n", name, 100 * e.lips(),
                100 * e.eyes(), 100 * e.eyelids(),
                Double.isNaN(e.irisCentres()) ? "—" : String.format(Locale.ROOT, "%.3f", 100 * e.irisCentres()),
                100 * e.all()));
    }
}
