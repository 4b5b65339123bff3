package org.strads4j.api;

/**
 * An application: turns a {@link JobSpec} into a {@link Job} (its data shards and plugins).
 * Implementations are found with {@link java.util.ServiceLoader}; list the class in
 * {@code META-INF/services/org.strads4j.api.App}.
 */
public interface App {

    /** The name used on the command line and in {@link JobSpec#app()}, for example {@code lasso}. */
    String name();

    /** One line on what the app solves. */
    String description();

    /**
     * Reads the job's data and plans it for {@code spec.nodes()} workers.
     *
     * @throws BadInputException when the data or a parameter cannot be used
     */
    Job plan(JobSpec spec);

    /**
     * Whether the app's update plugin has CUDA kernels ({@code --device gpu}); apps without them
     * refuse {@code --device gpu} and run their CPU kernels under {@code auto}.
     */
    default boolean hasGpuKernels() {
        return false;
    }

    /**
     * Whether the app's kernels use CPU BLAS through ND4J where the data suit it ({@code --device
     * blas}); apps without such kernels refuse {@code --device blas}.
     */
    default boolean hasBlasKernels() {
        return false;
    }

    /**
     * The execution schedules this app's jobs can run under ({@link JobSpec#SCHEDULES}), in the
     * order {@code strads compare} runs them; a job asking for another is refused
     * ({@link #checkSchedule}). The default is model-parallel alone.
     */
    default java.util.List<String> schedules() {
        return java.util.List.of(JobSpec.MODEL_PARALLEL);
    }

    /**
     * Refuses {@code spec} when its schedule is not one of {@link #schedules()}.
     *
     * @throws BadInputException naming the schedules the app supports
     */
    default void checkSchedule(JobSpec spec) {
        if (!schedules().contains(spec.schedule())) {
            throw new BadInputException("Invalid --schedule: " + spec.schedule() + " (" + name() + " runs under "
                    + String.join(", ", schedules()) + ")");
        }
    }

    /**
     * The app named {@code name} on the class path (found with {@link java.util.ServiceLoader}).
     *
     * @throws BadInputException when there is none
     */
    static App named(String name) {
        for (App a : java.util.ServiceLoader.load(App.class)) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new BadInputException("Unknown app: " + name);
    }
}
