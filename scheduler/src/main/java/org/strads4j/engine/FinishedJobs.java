package org.strads4j.engine;

import java.util.concurrent.LinkedBlockingQueue;
import org.apache.ignite.lang.IgniteFuture;

/**
 * The workers whose watched jobs have finished, in the order they finished: the coordinator takes
 * each as it comes rather than waiting in worker order, so a failed job is seen at once
 * ({@link JobDeployment#joinAll}, the param-server clocks).
 */
final class FinishedJobs {
    private final LinkedBlockingQueue<Integer> finished = new LinkedBlockingQueue<>();

    /** Watches {@code job} of {@code worker}. */
    void watch(int worker, IgniteFuture<?> job) {
        job.listen(f -> finished.add(worker));
    }

    /** The next worker whose watched job finished, waiting for one. */
    int next(String step) {
        try {
            return finished.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the workers' " + step, e);
        }
    }
}
