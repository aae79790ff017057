package dev.amesh.api.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds backends registered in {@code META-INF/services/dev.amesh.api.backend.Backend}. */
public final class Backends {
    private Backends() {
    }

    public static List<Backend> all() {
        List<Backend> list = new ArrayList<>();
        for (Backend b : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) {
            list.add(b);
        }
        return list;
    }

    /** The backend named {@code name}; fails with the list of known names, or the reason it cannot run. */
    public static Backend get(String name) {
        List<String> names = new ArrayList<>();
        for (Backend b : all()) {
            if (b.name().equalsIgnoreCase(name)) {
                if (!b.isAvailable()) {
                    throw new IllegalStateException("backend '" + b.name() + "' is not available: "
                            + b.unavailableReason());
                }
                return b;
            }
            names.add(b.name());
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + String.join(", ", names));
    }

    /** The best available backend: cpu, else scalar. */
    public static Backend best() {
        for (String n : new String[] {"cpu", "scalar"}) {
            for (Backend b : all()) {
                if (b.name().equals(n) && b.isAvailable()) {
                    return b;
                }
            }
        }
        throw new IllegalStateException("no backend is available; is engine-cpu on the class path?");
    }
}
