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

    /**
     * The next worker whose watched job finished, waiting for one. While it waits it looks every
     * second at {@code nodeLost}: a job sent to a node that has left may never finish when its
     * shard's partitions left with it (two of three servers killed with one backup), and then
     * the loss must be seen here.
     *
     * @throws JobDeployment.NodeLostException when {@code nodeLost} says a worker's node left
     */
    int next(String step, java.util.function.BooleanSupplier nodeLost) {
        try {
            while (true) {
                Integer w = finished.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (w != null) {
                    return w;
                }
                if (nodeLost.getAsBoolean()) {
                    throw new JobDeployment.NodeLostException("a worker's node left the cluster during " + step, null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the workers' " + step, e);
        }
    }
}
