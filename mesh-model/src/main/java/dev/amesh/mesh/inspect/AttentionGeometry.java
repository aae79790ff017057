package dev.amesh.mesh.inspect;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.Node;
import dev.amesh.api.graph.OpType;
import dev.amesh.api.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Attention Mesh's spatial transformers look (Figure 3 of the paper): each TRANSFORM_TENSOR_BILINEAR
 * op samples an {@code oh x ow} crop from a feature map through the first two rows of a 4x4 matrix.
 *
 * <p>Coordinates here are <i>edge</i> coordinates: pixel {@code i} covers [i, i+1), so a 16x16 crop spans
 * [0,16]². MediaPipe's kernel samples output pixel (i, j) at feature position
 * {@code M·(i+0.5, j+0.5) + (m03, m13) - 0.5} in centre coordinates, which in edge coordinates is the affine map
 * {@code x = m00 u + m01 v + m03, y = m10 u + m11 v + m13} from crop (u, v) to feature map (x, y). Feature
 * units become model input pixels by the ratio of their sizes (192/48 = 4 for the attention model), and
 * input pixels become photo pixels through the ROI the input was cut from.
 */
public final class AttentionGeometry {
    /** One spatial transformer of a graph: the op, its submodel name, and its tensors' names and shapes. */
    public record Region(int nodeIndex, String submodel, String features, Shape featureShape, String matrix,
            String crop, int cropHeight, int cropWidth) {
    }

    /**
     * Line segments {x0, y0, x1, y1} of a crop's grid (cropWidth+1 lines of constant u, then cropHeight+1 of
     * constant v) and its four corners {x, y}: the images of (0,0), (W,0), (W,H) and (0,H).
     */
    public record Grid(List<double[]> lines, double[][] corners) {
        /** The same grid with every point mapped by {@code map}. */
        public Grid map(PointMap map) {
            List<double[]> l = new ArrayList<>();
            for (double[] s : lines) {
                double[] a = map.apply(s[0], s[1]);
                double[] b = map.apply(s[2], s[3]);
                l.add(new double[] {a[0], a[1], b[0], b[1]});
            }
            double[][] c = new double[corners.length][];
            for (int i = 0; i < corners.length; i++) {
                c[i] = map.apply(corners[i][0], corners[i][1]);
            }
            return new Grid(List.copyOf(l), c);
        }
    }

    /** A map of the plane. */
    @FunctionalInterface
    public interface PointMap {
        double[] apply(double x, double y);
    }

    /**
     * The rotated rectangle a square model input was cut from, in photo pixels: centre, size, and rotation
     * in radians (clockwise on screen, y down), as MediaPipe's ROI. Input pixel (x, y) of an
     * {@code inputSize}-pixel input maps to the photo like a projected landmark.
     */
    public record Roi(double xCenter, double yCenter, double width, double height, double rotation, int inputSize)
            implements PointMap {
        @Override
        public double[] apply(double x, double y) {
            double nx = x / inputSize - 0.5;
            double ny = y / inputSize - 0.5;
            double cos = Math.cos(rotation);
            double sin = Math.sin(rotation);
            return new double[] {(cos * nx - sin * ny) * width + xCenter, (sin * nx + cos * ny) * height + yCenter};
        }
    }

    private AttentionGeometry() {
    }

    /** Every TRANSFORM_TENSOR_BILINEAR op of {@code graph}, in execution order. */
    public static List<Region> regions(Graph graph) {
        Submodels submodels = Submodels.of(graph);
        List<Region> regions = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op() != OpType.TRANSFORM_TENSOR_BILINEAR) {
                continue;
            }
            Shape out = graph.tensor(n.output(0)).shape();
            regions.add(new Region(n.index(), submodels.of(n.index()), graph.tensor(n.input(0)).name(),
                    graph.tensor(n.input(0)).shape(), graph.tensor(n.input(1)).name(), graph.tensor(n.output(0)).name(),
                    out.dim(1), out.dim(2)));
        }
        return regions;
    }

    /** Crop edge coordinates (u, v) to feature-map edge coordinates through the row-major 4x4 {@code m}. */
    public static double[] cropToFeature(float[] m, int offset, double u, double v) {
        return new double[] {m[offset] * u + m[offset + 1] * v + m[offset + 3],
            m[offset + 4] * u + m[offset + 5] * v + m[offset + 7]};
    }

    /**
     * The crop grid in model input pixels: crop space through the matrix to feature units, then times
     * {@code inputPerFeature} (model input size / feature map size).
     */
    public static Grid inputGrid(float[] m, int offset, int cropWidth, int cropHeight, double inputPerFeatureX,
            double inputPerFeatureY) {
        if (cropWidth < 1 || cropHeight < 1) {
            throw new IllegalArgumentException("crop size must be positive, got " + cropWidth + "x" + cropHeight);
        }
        if (m.length - offset < 16) {
            throw new IllegalArgumentException("a transform matrix has 16 values, got " + (m.length - offset));
        }
        PointMap toInput = (u, v) -> {
            double[] f = cropToFeature(m, offset, u, v);
            return new double[] {f[0] * inputPerFeatureX, f[1] * inputPerFeatureY};
        };
        List<double[]> lines = new ArrayList<>();
        for (int u = 0; u <= cropWidth; u++) {
            lines.add(segment(toInput, u, 0, u, cropHeight));
        }
        for (int v = 0; v <= cropHeight; v++) {
            lines.add(segment(toInput, 0, v, cropWidth, v));
        }
        double[][] corners = {toInput.apply(0, 0), toInput.apply(cropWidth, 0), toInput.apply(cropWidth, cropHeight),
            toInput.apply(0, cropHeight)};
        return new Grid(List.copyOf(lines), corners);
    }

    private static double[] segment(PointMap map, double u0, double v0, double u1, double v1) {
        double[] a = map.apply(u0, v0);
        double[] b = map.apply(u1, v1);
        return new double[] {a[0], a[1], b[0], b[1]};
    }
}
