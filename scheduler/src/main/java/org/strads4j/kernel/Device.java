package org.strads4j.kernel;

import java.util.Locale;
import org.strads4j.api.BadInputException;

/**
 * Where a job's kernels run, as {@code --device} names it: {@code cpu} (plain Java, the reference),
 * {@code gpu} (CUDA through JCuda; a node without a usable device fails the job), or {@code auto}
 * (the GPU where a node has one, else the CPU). Jobs carry it as the spec parameter
 * {@link #PARAM}.
 */
public enum Device {
    CPU, GPU, AUTO;

    /** The spec parameter that names the device. */
    public static final String PARAM = "device";

    /** Parses {@code cpu}, {@code gpu} or {@code auto} (any case); anything else is bad input. */
    public static Device parse(String s) {
        if (s != null) {
            for (Device d : values()) {
                if (d.name().equalsIgnoreCase(s.trim())) {
                    return d;
                }
            }
        }
        throw new BadInputException("Invalid --device: " + s + " (must be cpu, gpu or auto)");
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
            case CPU -> false;
            case GPU -> {
                Gpu.require();
                yield true;
            }
            case AUTO -> Gpu.available();
        };
    }
}
