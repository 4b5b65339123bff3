package org.strads4j.engine;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.strads4j.api.App;

/**
 * What may be deserialised from the JDK-serialised bytes Strads4J ships and keeps (shards, plugins,
 * coordinator plans, worker states, checkpoints), whether they came from the network or from a
 * file: Strads4J's own classes, the classes of the apps registered on this node
 * ({@code META-INF/services/org.strads4j.api.App}, by package), and the JDK's value and collection
 * classes. Anything else (a gadget class of some library on the class path) is refused before it is
 * instantiated.
 */
public final class ClassFilter implements ObjectInputFilter {
    private static final List<String> JDK = List.of("java.lang.", "java.util.", "java.time.", "java.math.");
    private static final List<String> JDK_REFUSED = List.of("java.lang.reflect.", "java.lang.invoke.",
            "java.lang.ProcessBuilder", "java.lang.Runtime", "java.lang.Thread", "java.lang.ClassLoader",
            "java.util.logging.", "java.util.concurrent.", "java.util.prefs.");
    private static volatile ClassFilter instance;

    private final List<String> allowedPackages;

    private ClassFilter(List<String> allowedPackages) {
        this.allowedPackages = allowedPackages;
    }

    /** The filter of this node: Strads4J and the apps found on its class path. */
    public static ClassFilter get() {
        ClassFilter f = instance;
        if (f == null) {
            List<String> packages = new ArrayList<>();
            packages.add("org.strads4j.");
            for (App app : ServiceLoader.load(App.class)) {
                String p = app.getClass().getPackageName();
                if (!p.isEmpty()) {
                    packages.add(p + ".");
                }
            }
            f = new ClassFilter(List.copyOf(packages));
            instance = f;
        }
        return f;
    }

    /** True when objects of {@code name} (a class name) may be deserialised. */
    public boolean allows(String name) {
        for (String p : allowedPackages) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        for (String refused : JDK_REFUSED) {
            if (name.startsWith(refused)) {
                return false;
            }
        }
        for (String p : JDK) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> c = info.serialClass();
        if (c == null) {
            return Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return Status.ALLOWED;
        }
        return allows(c.getName()) ? Status.ALLOWED : Status.REJECTED;
    }
}
