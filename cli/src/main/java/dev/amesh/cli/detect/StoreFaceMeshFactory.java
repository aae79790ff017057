package dev.amesh.cli.detect;

import dev.amesh.api.graph.Graph;
import dev.amesh.mesh.FaceMesh;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * The default models: BlazeFace and the attention mesh from the model cache
 * ({@code dev.amesh.converter.models.ModelStore.defaultStore()}).
 */
public final class StoreFaceMeshFactory implements FaceMeshFactory {
    @Override
    public FaceMesh create(String backend, Integer threads, int maxFaces) throws IOException {
        FaceMesh.Builder b = FaceMesh.builder().models(load("DETECTOR"), load("ATTENTION")).maxFaces(maxFaces);
        if (backend != null) {
            b.backend(backend);
        }
        if (threads != null) {
            b.threads(threads);
        }
        return b.build();
    }

    // TODO(models): call ModelStore.defaultStore().load(ModelId.DETECTOR / ATTENTION) directly once the
    // model store is merged; reflection only keeps this branch compiling without it.
    private static Graph load(String modelId) throws IOException {
        try {
            Class<?> store = Class.forName("dev.amesh.converter.models.ModelStore");
            Class<?> idType = Class.forName("dev.amesh.converter.models.ModelId");
            Object id = idType.getMethod("valueOf", String.class).invoke(null, modelId);
            Object instance = store.getMethod("defaultStore").invoke(null);
            return (Graph) store.getMethod("load", idType).invoke(instance, id);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("the model store is not on the class path (" + e + ")", e);
        }
    }
}
