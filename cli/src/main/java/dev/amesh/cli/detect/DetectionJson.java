package dev.amesh.cli.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.amesh.mesh.Face;
import dev.amesh.mesh.FaceMeshResult;

/** The JSON of one image's result, as docs/json.md specifies. */
public final class DetectionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DetectionJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode of(String image, FaceMeshResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", image);
        root.put("width", result.imageWidth());
        root.put("height", result.imageHeight());
        ArrayNode faces = root.putArray("faces");
        for (Face f : result.faces()) {
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
