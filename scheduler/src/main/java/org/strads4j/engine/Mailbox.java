package org.strads4j.engine;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteBiPredicate;

/**
 * The messages workers of one job hand each other directly ({@link WorkerRuntime#send}), on one
 * node: kept in the node-local map from the first install of the job on the node until the job's
 * runtimes are all dropped ({@link WorkerJobs.AbandonAll}).
 *
 * <p>A message to a worker on this node, or on another node in this JVM (an embedded cluster), is
 * put into that node's mailbox as it is, without a copy; one to a node in another process travels
 * by Ignite messaging on the job's topic, to that node's mailbox. Messages carry the
 * generation of the install that sent them: after a recovery a worker takes only messages of its
 * own generation, so nothing of the lost timeline reaches the restored one.
 */
final class Mailbox {
    private final Ignite ignite;
    private final String topic;
    private final String jobId;
    /** Mailboxes of this job on the other nodes of this JVM (an embedded cluster), by node id. */
    private final java.util.concurrent.ConcurrentHashMap<UUID, Mailbox> neighbours = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Address, Object> messages = new HashMap<>();
    private final IgniteBiPredicate<UUID, Object> listener;
    private boolean closed;
    /** The newest install generation on this node: messages of older ones are dropped on arrival. */
    private long generation;

    private record Address(int worker, long generation, long key) {
    }

    /** What travels between nodes: a plain class (Ignite's binary marshaller cannot carry records). */
    static final class Letter implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int worker;
        private final long generation;
        private final long key;
        private final Object payload;

        Letter(int worker, long generation, long key, Object payload) {
            this.worker = worker;
            this.generation = generation;
            this.key = key;
            this.payload = payload;
        }
    }

    private Mailbox(Ignite ignite, String jobId) {
        this.ignite = ignite;
        this.topic = "strads/mail/" + jobId;
        this.jobId = jobId;
        this.listener = (from, msg) -> {
            Letter l = (Letter) msg;
            deliver(l.worker, l.generation, l.key, l.payload);
            return !isClosed();
        };
    }

    private static String mapKey(String jobId) {
        return "strads/mail/" + jobId;
    }

    /** This node's mailbox of job {@code jobId}, created and listening on first use. */
    static Mailbox of(Ignite ignite, String jobId, long generation) {
        Mailbox m;
        synchronized (Mailbox.class) {
            Object existing = ignite.cluster().nodeLocalMap().get(mapKey(jobId));
            if (existing != null) {
                m = (Mailbox) existing;
            } else {
                m = new Mailbox(ignite, jobId);
                ignite.message().localListen(m.topic, m.listener);
                ignite.cluster().nodeLocalMap().put(mapKey(jobId), m);
            }
        }
        m.install(generation);
        return m;
    }

    /** A worker of {@code g} is installed here: messages of older generations are of a lost timeline. */
    private synchronized void install(long g) {
        if (g > generation) {
            generation = g;
            messages.keySet().removeIf(a -> a.generation() < g);
        }
    }

    /** Drops this node's mailbox of {@code jobId}, if any: its waiting takers fail at once. */
    static void drop(Ignite ignite, String jobId) {
        Object m = ignite.cluster().nodeLocalMap().remove(mapKey(jobId));
        if (m instanceof Mailbox box) {
            box.close();
        }
    }

    /**
     * Sends {@code payload} to {@code worker} on {@code node}: put straight into that node's
     * mailbox when the node runs in this JVM (this node, or another node of an embedded cluster:
     * a hand-over of a reference, no copy), else sent as a message.
     */
    void send(ClusterNode node, int worker, long generation, long key, Object payload) {
        Mailbox there = node.isLocal() ? this : inThisJvm(node);
        if (there != null) {
            there.deliver(worker, generation, key, payload);
        } else {
            ignite.message(ignite.cluster().forNode(node)).send(topic, new Letter(worker, generation, key, payload));
        }
    }

    /** The mailbox of this job on {@code node} when that node runs in this JVM, else null. */
    private Mailbox inThisJvm(ClusterNode node) {
        Mailbox cached = neighbours.get(node.id());
        if (cached != null) {
            return cached;
        }
        for (Ignite other : org.apache.ignite.Ignition.allGrids()) {
            try {
                if (other.cluster().localNode().id().equals(node.id())) {
                    Object m = other.cluster().nodeLocalMap().get(mapKey(jobId));
                    if (m instanceof Mailbox box) {
                        neighbours.put(node.id(), box);
                        return box;
                    }
                    return null;
                }
            } catch (RuntimeException e) {
                // a node stopping: not a neighbour
            }
        }
        return null;
    }

    private synchronized void deliver(int worker, long sentIn, long key, Object payload) {
        if (closed || sentIn < generation) {
            return;
        }
        Object old = messages.put(new Address(worker, sentIn, key), payload);
        if (old != null) {
            throw new IllegalStateException("worker " + worker + " got two messages under key " + key
                    + " in generation " + sentIn);
        }
        notifyAll();
    }

    /**
     * Takes the message to {@code worker} under {@code key}, waiting at most {@code timeoutMs}
     * while {@code alive} holds; null when it did not come.
     */
    synchronized Object take(int worker, long generation, long key, long timeoutMs,
                             java.util.function.BooleanSupplier alive) throws InterruptedException {
        Address a = new Address(worker, generation, key);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            Object m = messages.remove(a);
            if (m != null) {
                return m;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (closed || !alive.getAsBoolean() || left <= 0) {
                return null;
            }
            // woken by a delivery, or every 100 ms to look at the runtime (abandoned by a recovery)
            wait(Math.min(left, 100));
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private void close() {
        synchronized (this) {
            closed = true;
            messages.clear();
            notifyAll();
        }
        try {
            ignite.message().stopLocalListen(topic, listener);
        } catch (RuntimeException e) {
            // the node is stopping: its listeners go with it
        }
    }
}
