package dev.amesh.mesh.landmarks;

import dev.amesh.api.graph.Graph;
import dev.amesh.api.graph.TensorInfo;
import java.util.List;

/** Which landmark network a graph is, told apart by its outputs (§5.2). */
public enum LandmarkModelKind {
    /** face_landmark_with_attention: mesh, lips, two eyes, two irises, face flag; refined to 478 points. */
    ATTENTION(7, 478),
    /** face_landmark: mesh and face flag; 468 points. */
    MESH(2, 468);

    private final int outputCount;
    private final int landmarkCount;

    LandmarkModelKind(int outputCount, int landmarkCount) {
        this.outputCount = outputCount;
        this.landmarkCount = landmarkCount;
    }

    public int outputCount() {
        return outputCount;
    }

    /** Landmarks in a decoded face. */
    public int landmarkCount() {
        return landmarkCount;
    }

    /** Recognises the graph by its output sizes; fails naming what it found. */
    public static LandmarkModelKind of(Graph graph) {
        List<TensorInfo> outs = graph.outputTensors();
        int[] sizes = new int[outs.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = outs.get(i).shape().numElements();
        }
        if (sizes.length == 7 && sizes[0] == 1404 && sizes[1] == 160 && sizes[2] == 142 && sizes[3] == 142
                && sizes[4] == 10 && sizes[5] == 10 && sizes[6] == 1) {
            return ATTENTION;
        }
        if (sizes.length == 2 && sizes[0] == 1404 && sizes[1] == 1) {
            return MESH;
        }
        throw new IllegalArgumentException("graph '" + graph.name() + "' is not a face landmark model: expected"
                + " outputs of 1404, 160, 142, 142, 10, 10, 1 values (attention) or 1404, 1 (mesh), got "
                + java.util.Arrays.toString(sizes));
    }
}
