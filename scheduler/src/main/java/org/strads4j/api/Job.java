package org.strads4j.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A planned job: one data shard per worker, the plugins that run on them, and the coordinator's
 * state. Built by {@link App#plan(JobSpec)}; run by the engine.
 *
 * <p>The plugins hold hyperparameters only. What the coordinator keeps between rounds (a model
 * mirror, priorities, the data the schedule needs) is one {@link #state()} object that the
 * coordinator-side plugins receive through {@link CoordinatorContext#state}; with the plugins it is
 * serialised and shipped to whichever node runs the coordinator.
 *
 * <pre>{@code
 * return Job.builder(spec)
 *     .shards(shards)                       // one Serializable per worker (or shards(n, w -> ...))
 *     .state(new MyState(model, priorities))// the coordinator's state, one Serializable object
 *     .schedule(new MySchedule(...)).update(new MyUpdate(...))
 *     .aggregate(new MyAggregate(...)).evaluate(new MyEvaluate(...))
 *     .results(new MyResults(...))
 *     .provenance("data", path.toString())
 *     .warning("12 test ratings name users absent from training; they are left out of testRmse")
 *     .build();
 * }</pre>
 */
public final class Job {
    private final JobSpec spec;
    private final List<Serializable> shards;
    private final SchedulePlugin schedule;
    private final UpdatePlugin update;
    private final AggregatePlugin aggregate;
    private final EvaluatePlugin evaluate;
    private final ResultWriter results;
    private final Serializable state;
    private final Map<String, Object> provenance;
    private final List<String> warnings;

    private Job(Builder b) {
        this.spec = Objects.requireNonNull(b.spec, "spec");
        Objects.requireNonNull(b.shards, "shards");
        this.shards = b.shards instanceof OnDemand od ? od : List.copyOf(b.shards);
        // under param-server the workers run their own clocks: the coordinator neither schedules
        // nor aggregates, so those plugins are optional there
        boolean rounds = !JobSpec.PARAM_SERVER.equals(spec.schedule());
        this.schedule = rounds ? Objects.requireNonNull(b.schedule, "schedule") : b.schedule;
        this.update = Objects.requireNonNull(b.update, "update");
        this.aggregate = rounds ? Objects.requireNonNull(b.aggregate, "aggregate") : b.aggregate;
        this.evaluate = Objects.requireNonNull(b.evaluate, "evaluate");
        this.results = Objects.requireNonNull(b.results, "results");
        this.state = b.state;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
        this.warnings = List.copyOf(b.warnings);
        if (shards.size() != spec.nodes()) {
            throw new IllegalArgumentException("planned " + shards.size() + " shards for " + spec.nodes() + " workers");
        }
    }

    /** A builder for a job of {@code spec}. */
    public static Builder builder(JobSpec spec) {
        return new Builder(spec);
    }

    public JobSpec spec() {
        return spec;
    }

    /**
     * The shards, worker {@code w}'s at index {@code w}. For shards given as a function
     * ({@link Builder#shards(int, IntFunction)}) each {@code get(w)} makes worker {@code w}'s shard
     * anew, so that deploying a job holds one shard at a time beside the cluster's copy.
     */
    public List<Serializable> shards() {
        return shards;
    }

    /** Shards made when asked for: nothing is kept. */
    private static final class OnDemand extends java.util.AbstractList<Serializable> implements java.util.RandomAccess {
        private final int count;
        private final IntFunction<? extends Serializable> make;

        OnDemand(int count, IntFunction<? extends Serializable> make) {
            this.count = count;
            this.make = make;
        }

        @Override
        public Serializable get(int w) {
            Objects.checkIndex(w, count);
            return Objects.requireNonNull(make.apply(w), "shard");
        }

        @Override
        public int size() {
            return count;
        }
    }

    /** The schedule plugin; null for a param-server job that gave none. */
    public SchedulePlugin schedule() {
        return schedule;
    }

    public UpdatePlugin update() {
        return update;
    }

    /** The aggregate plugin; null for a param-server job that gave none. */
    public AggregatePlugin aggregate() {
        return aggregate;
    }

    public EvaluatePlugin evaluate() {
        return evaluate;
    }

    public ResultWriter results() {
        return results;
    }

    /** The coordinator's state (see the class doc), or null when the app keeps none. */
    public Serializable state() {
        return state;
    }

    /** The app's provenance entries (data files, checksums, derived hyperparameters). */
    public Map<String, Object> provenance() {
        return provenance;
    }

    /**
     * What the app found questionable in the input but could work around (data it left out, say),
     * in the order found; empty when nothing. Each is one sentence for the user, without a prefix.
     * The app only collects them: the launcher shows them (stderr) and records them with the result.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Builds a {@link Job}; every plugin and the shards are required, except the schedule and the
     * aggregate of a {@link JobSpec#PARAM_SERVER} job, which the engine never calls.
     */
    public static final class Builder {
        private final JobSpec spec;
        private List<? extends Serializable> shards;
        private SchedulePlugin schedule;
        private UpdatePlugin update;
        private AggregatePlugin aggregate;
        private EvaluatePlugin evaluate;
        private ResultWriter results;
        private Serializable state;
        private final Map<String, Object> provenance = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();

        private Builder(JobSpec spec) {
            this.spec = spec;
        }

        public Builder shards(List<? extends Serializable> s) {
            this.shards = s;
            return this;
        }

        /**
         * {@code count} shards made by {@code make} when the job is deployed, one at a time, and not
         * kept by the job: for data too large to hold a second time beside the coordinator's. The
         * function must give the same shard every time it is asked (a recovery may ask again).
         */
        public Builder shards(int count, IntFunction<? extends Serializable> make) {
            this.shards = new OnDemand(count, Objects.requireNonNull(make, "make"));
            return this;
        }

        public Builder schedule(SchedulePlugin s) {
            this.schedule = s;
            return this;
        }

        public Builder update(UpdatePlugin u) {
            this.update = u;
            return this;
        }

        public Builder aggregate(AggregatePlugin a) {
            this.aggregate = a;
            return this;
        }

        public Builder evaluate(EvaluatePlugin e) {
            this.evaluate = e;
            return this;
        }

        /** The coordinator's state: one object the coordinator-side plugins share (see the class doc). */
        public Builder state(Serializable s) {
            this.state = s;
            return this;
        }

        public Builder results(ResultWriter r) {
            this.results = r;
            return this;
        }

        /** Adds a provenance entry (JSON-friendly value). */
        public Builder provenance(String key, Object value) {
            provenance.put(key, value);
            return this;
        }

        /** Adds a warning about the input (see {@link Job#warnings()}). */
        public Builder warning(String message) {
            warnings.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        public Job build() {
            return new Job(this);
        }
    }
}
