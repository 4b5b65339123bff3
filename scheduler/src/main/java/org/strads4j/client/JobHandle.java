package org.strads4j.client;

import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteBiPredicate;
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

    /** How long a job may go without its coordinator service before it counts as lost. */
    private static final long ORPHAN_MILLIS = 60_000;

    private final Ignite ignite;
    private final String id;
    private IgniteBiPredicate<UUID, Object> progress;

    JobHandle(Ignite ignite, String id) {
        this.ignite = ignite;
        this.id = id;
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
            long orphanSince = 0;
            while (true) {
                JobStatus s = status();
                if (s.isFinal()) {
                    if (JobStatus.FAILED.equals(s.state())) {
                        throw s.badInput() ? new BadInputException(s.error()) : new JobFailedException(s.error());
                    }
                    return output().result();
                }
                if (StradsClient.coordinatorDeployed(ignite, id)) {
                    orphanSince = 0;
                } else if (orphanSince == 0) {
                    orphanSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - orphanSince > ORPHAN_MILLIS) {
                    throw new JobFailedException("job " + id + " lost its coordinator (no server runs it; its last"
                            + " checkpoint is in the cluster while a server holds it)");
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
