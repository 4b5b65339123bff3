package org.strads4j.apps.mf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.Evaluation;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.WorkerContext;

/**
 * Runs a planned job's plugins in this thread, without Ignite, with the engine's staleness-0
 * semantics (every commit applied on every worker before the next update). For fast tests of the
 * numerics; the engine itself is exercised by the cluster tests.
 */
final class InProcessRun {
    final List<Evaluation> evaluations = new ArrayList<>();
    final Map<Long, Object> store = new HashMap<>();
    final Worker[] workers;
    private final Job job;

    InProcessRun(Job job) {
        this.job = job;
        this.workers = new Worker[job.spec().nodes()];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w, workers.length, job.shards().get(w));
        }
    }

    private final Params params = new Params();
    /** The next round to run. */
    private long next = 1;

    /** Runs every round of the spec, evaluating every evalEvery rounds. */
    InProcessRun run() {
        return runTo(job.spec().maxRounds());
    }

    /** Runs the rounds up to {@code last} (the spec's last at most) not run yet. */
    InProcessRun runTo(long last) {
        long rounds = job.spec().maxRounds();
        for (long r = next; r <= Math.min(last, rounds); r++, next++) {
            long round = r;
            ScheduleContext ctx = new ScheduleContext() {
                @Override
                public void requestEvaluation() {
                }

                public long round() {
                    return round;
                }

                public int workers() {
                    return workers.length;
                }

                public SplittableRandom random() {
                    return new SplittableRandom(0);
                }

                public List<Assignment> inFlight() {
                    return List.of();
                }

                public JobSpec spec() {
                    return job.spec();
                }

                public <S> S state(Class<S> type) {
                    return type.cast(job.state());
                }

                @SuppressWarnings("unchecked")
                public <V> ParamStore<V> params() {
                    return (ParamStore<V>) params;
                }
            };
            Assignment a = job.schedule().next(ctx);
            List<Batch> partials = new ArrayList<>();
            for (Worker w : workers) {
                partials.add(job.update().update(a.forWorker(w.worker), w));
            }
            Batch commit = job.aggregate().aggregate(a, partials, ctx);
            job.schedule().observe(commit, ctx);
            for (Worker w : workers) {
                job.update().onCommit(commit, w);
            }
            if (r % job.spec().evalEvery() == 0 || r == rounds) {
                double[][] parts = new double[workers.length][];
                for (int w = 0; w < workers.length; w++) {
                    parts[w] = job.evaluate().partial(workers[w]);
                }
                evaluations.add(job.evaluate().combine(r, parts, ctx));
            }
        }
        return this;
    }

    /**
     * A checkpoint and a recovery between rounds: each worker's state as the engine saves it
     * ({@link org.strads4j.api.UpdatePlugin#saveState}, JDK-serialised and read back), restored
     * into a fresh worker with an empty node-local state. Returns the workers' evaluation partials
     * just after the restore (before any round).
     */
    double[][] checkpointAndRestore() {
        double[][] partials = new double[workers.length][];
        for (int w = 0; w < workers.length; w++) {
            java.io.Serializable saved = job.update().saveState(workers[w]);
            java.io.Serializable read = roundTrip(saved);
            for (Object v : workers[w].local.values()) {
                if (v instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            workers[w] = new Worker(w, workers.length, job.shards().get(w));
            job.update().restoreState(workers[w], read);
            partials[w] = job.evaluate().partial(workers[w]);
        }
        return partials;
    }

    static java.io.Serializable roundTrip(java.io.Serializable o) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (java.io.Serializable) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    Job job() {
        return job;
    }

    Evaluation last() {
        return evaluations.get(evaluations.size() - 1);
    }

    final class Params implements ParamStore<Object> {
        public Object get(long key) {
            return store.get(key);
        }

        public Map<Long, Object> getAll(long[] keys) {
            Map<Long, Object> out = new HashMap<>();
            for (long k : keys) {
                if (store.containsKey(k)) {
                    out.put(k, store.get(k));
                }
            }
            return out;
        }

        public Map<Long, Object> entries() {
            return new HashMap<>(store);
        }

        public void put(long key, Object value) {
            store.put(key, value);
        }

        public void putAll(Map<Long, ?> values) {
            store.putAll(values);
        }
    }

    static final class Worker implements WorkerContext {
        final int worker;
        final int count;
        final Object shard;
        final Map<String, Object> local = new HashMap<>();

        Worker(int worker, int count, Object shard) {
            this.worker = worker;
            this.count = count;
            this.shard = shard;
        }

        public int worker() {
            return worker;
        }

        public int workers() {
            return count;
        }

        public long seed() {
            return worker;
        }

        public long round() {
            return 0;
        }

        public long roundSeed() {
            return worker;
        }

        public <T> T shard(Class<T> type) {
            return type.cast(shard);
        }

        @SuppressWarnings("unchecked")
        public <T> T local(String name, Supplier<T> init) {
            return (T) local.computeIfAbsent(name, n -> init.get());
        }

        @SuppressWarnings("unchecked")
        public <V> ParamStore<V> params() {
            throw new UnsupportedOperationException("not used by MF workers");
        }

        public void send(int to, long key, Object message) {
            throw new UnsupportedOperationException("not used by MF workers");
        }

        public <T> T receive(long key) {
            throw new UnsupportedOperationException("not used by MF workers");
        }
    }
}
