package org.strads4j.client;

import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.apache.ignite.lang.IgniteFuture;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobResult;
import org.strads4j.engine.RunListener;

/**
 * A job submitted to a cluster, from the client's side: its id, where it stands, its result, its
 * outputs, and a way to cancel it. Made by {@link StradsClient}.
 *
 * <pre>{@code
 * JobHandle job = StradsClient.submit(ignite, spec);
 * job.listen(listener);            // evaluations as they happen (optional)
 * JobResult r = job.await();       // blocks; BadInputException or JobFailedException when it failed
 * job.output().writeTo(OutputDirectory.create(Path.of("runs/x"), false));
 * }</pre>
 */
public final class JobHandle implements AutoCloseable {
    private static final long POLL_MILLIS = 200;

    private final Ignite ignite;
    private final String id;
    private volatile IgniteFuture<JobResult> future;
    private IgniteBiPredicate<UUID, Object> progress;

    JobHandle(Ignite ignite, String id) {
        this.ignite = ignite;
        this.id = id;
    }

    void future(IgniteFuture<JobResult> f) {
        this.future = f;
    }

    /** The job's id (app name and 8 hex digits). */
    public String id() {
        return id;
    }

    /** Where the job stands now. */
    public JobStatus status() {
        return StradsClient.status(ignite, id);
    }

    /**
     * Shows the job's evaluations to {@code listener} as the coordinator sends them (only to the
     * client that submitted the job); {@link RunListener#writing} is called with a null target when
     * the results are being written in the cluster. Call before {@link #await()}.
     */
    public synchronized void listen(RunListener listener) {
        stopListening();
        progress = (node, msg) -> {
            ProgressEvent e = (ProgressEvent) msg;
            if (e.writing) {
                listener.writing(null);
                return false;
            }
            listener.evaluated(e.round, e.updates, e.seconds, e.evaluation);
            return true;
        };
        ignite.message().localListen(ProgressEvent.topic(id), progress);
    }

    private synchronized void stopListening() {
        if (progress != null) {
            ignite.message().stopLocalListen(ProgressEvent.topic(id), progress);
            progress = null;
        }
    }

    /**
     * Waits until the job has finished and returns its result.
     *
     * @throws BadInputException  when the job failed on its input or options
     * @throws JobFailedException when it failed otherwise, or was lost with its coordinator's node
     */
    public JobResult await() {
        try {
            IgniteFuture<JobResult> f = future;
            if (f != null) {
                try {
                    return f.get();
                } catch (IgniteException e) {
                    throw failure(e);
                }
            }
            while (true) {
                JobStatus s = status();
                if (s.isFinal()) {
                    if (JobStatus.FAILED.equals(s.state())) {
                        throw s.badInput() ? new BadInputException(s.error()) : new JobFailedException(s.error());
                    }
                    return output().result();
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailedException("interrupted while waiting for job " + id, e);
        } finally {
            stopListening();
        }
    }

    /** What the cluster reports for a failed job: the registry's message, bad input or not. */
    private RuntimeException failure(IgniteException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException bad) {
                return new BadInputException(bad.getMessage());
            }
        }
        JobStatus s = StradsClient.status(ignite, id);
        if (s != null && JobStatus.FAILED.equals(s.state())) {
            return s.badInput() ? new BadInputException(s.error()) : new JobFailedException(s.error(), e);
        }
        return new JobFailedException("job " + id + " failed: " + e.getMessage(), e);
    }

    /** Asks the job's coordinator to stop after the round in flight (it then writes its results). */
    public void cancel() {
        StradsClient.cancel(ignite, id);
    }

    /** The finished job's outputs, as kept in the cluster. */
    public JobOutput output() {
        return StradsClient.fetch(ignite, id);
    }

    @Override
    public void close() {
        stopListening();
    }
}
