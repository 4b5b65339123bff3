package org.strads4j.engine;

import java.util.SplittableRandom;

/** Derives every random stream of a job from its one seed; no two streams share a seed. */
public final class Seeds {
    private Seeds() {
    }

    /** The seed of worker {@code w}. */
    public static long worker(long jobSeed, int w) {
        return mix(jobSeed, 1L + w);
    }

    /** The seed of the coordinator's scheduler. */
    public static long scheduler(long jobSeed) {
        return mix(jobSeed, 0L);
    }

    private static long mix(long seed, long stream) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (stream + 1))).nextLong();
    }
}
