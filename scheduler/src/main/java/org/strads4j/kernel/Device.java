package org.strads4j.kernel;

import java.util.Locale;
import org.strads4j.api.BadInputException;

/**
 * Where a job's kernels run, as {@code --device} names it: {@code cpu} (plain Java, the reference),
 * {@code blas} (CPU BLAS through ND4J where an app has such kernels and the data suit them, plain
 * Java elsewhere), {@code gpu} (CUDA through JCuda; a node without a usable device fails the job),
 * or {@code auto} (the GPU where a node has one, else the CPU kernels, BLAS where an app measured it
 * faster for the data at hand). Jobs carry it as the spec parameter {@link #PARAM}.
 */
public enum Device {
    CPU, BLAS, GPU, AUTO;

    /** The spec parameter that names the device. */
    public static final String PARAM = "device";

    /** Parses {@code cpu}, {@code blas}, {@code gpu} or {@code auto} (any case); anything else is bad input. */
    public static Device parse(String s) {
        if (s != null) {
            for (Device d : values()) {
                if (d.name().equalsIgnoreCase(s.trim())) {
                    return d;
                }
            }
        }
        throw new BadInputException("Invalid --device: " + s + " (must be cpu, blas, gpu or auto)");
    }

    /** The device a spec's parameters name: {@link #AUTO} when they name none. */
    public static Device of(java.util.Map<String, Object> params) {
        Object v = params.get(PARAM);
        return v == null ? AUTO : parse(v.toString());
    }

    /** The lower-case name, as the command line takes it. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether kernels on this node use the GPU: {@code gpu} requires one ({@link Gpu#require}),
     * {@code auto} takes one when {@link Gpu#available()}, {@code cpu} never does.
     */
    public boolean useGpuHere() {
        return switch (this) {
            case CPU, BLAS -> false;
            case GPU -> {
                Gpu.require();
                yield true;
            }
            case AUTO -> Gpu.available();
        };
    }
}
