package dev.amesh.cli.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amesh.mesh.LandmarkFace;
import dev.amesh.mesh.LandmarkResult;

/** The JSON of one image's result, as docs/json.md specifies; the same fields for every pipeline. */
public final class DetectionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DetectionJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param image the image path as the user gave it
     * @param model the pipeline that produced {@code result} ("model" field)
     */
    public static ObjectNode of(String image, PipelineKind model, LandmarkResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", image);
        root.put("model", model.jsonName());
        root.put("width", result.imageWidth());
        root.put("height", result.imageHeight());
        ArrayNode faces = root.putArray("faces");
        for (LandmarkFace f : result.faces()) {
            ObjectNode face = faces.addObject();
            if (f.detected()) {
                face.put("score", f.detectionScore());
                ArrayNode box = face.putArray("box");
                for (float v : f.detectionBox()) {
                    box.add(v);
                }
            } else {
                face.putNull("score");
                face.putNull("box");
            }
            face.put("presence", f.presence());
            ArrayNode lm = face.putArray("landmarks");
            for (int i = 0; i < f.landmarkCount(); i++) {
                lm.addArray().add(f.x(i)).add(f.y(i)).add(f.z(i));
            }
        }
        return root;
    }
}
