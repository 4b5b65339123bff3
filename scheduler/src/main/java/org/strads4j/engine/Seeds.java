package org.strads4j.engine;

import java.util.SplittableRandom;

/**
 * Derives every random stream of a job from its one seed; no two streams share a seed. Streams are
 * per round, not per job: round {@code t}'s draws depend only on the seed and {@code t}, so a job
 * restored from a checkpoint at round {@code t} draws exactly what the uninterrupted job drew.
 */
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

    /** The seed of round {@code round} of the stream {@code streamSeed} (a worker's or the scheduler's). */
    public static long round(long streamSeed, long round) {
        return mix(streamSeed, 0x5DEECE66DL + round);
    }

    private static long mix(long seed, long stream) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (stream + 1))).nextLong();
    }
}
