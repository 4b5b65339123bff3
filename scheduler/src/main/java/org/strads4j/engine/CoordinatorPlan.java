package org.strads4j.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.AggregatePlugin;
import org.strads4j.api.EvaluatePlugin;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.api.ResultWriter;
import org.strads4j.api.SchedulePlugin;
import org.strads4j.api.UpdatePlugin;

/**
 * Everything of a planned {@link Job} but its shards: the spec, the plugins, the coordinator's
 * state, the provenance and the warnings. The shards go to the workers' nodes through the shard
 * cache; this goes to the node that runs the coordinator, as JDK-serialised bytes
 * ({@link #toBytes()}), since plugins and states may be records.
 */
public final class CoordinatorPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JobSpec spec;
    private final int workers;
    private final SchedulePlugin schedule;
    private final UpdatePlugin update;
    private final AggregatePlugin aggregate;
    private final EvaluatePlugin evaluate;
    private final ResultWriter results;
    private final Serializable state;
    private final LinkedHashMap<String, Object> provenance;
    private final ArrayList<String> warnings;

    private CoordinatorPlan(Job job) {
        this.spec = job.spec();
        this.workers = job.shards().size();
        this.schedule = job.schedule();
        this.update = job.update();
        this.aggregate = job.aggregate();
        this.evaluate = job.evaluate();
        this.results = job.results();
        this.state = job.state();
        this.provenance = new LinkedHashMap<>(job.provenance());
        this.warnings = new ArrayList<>(job.warnings());
    }

    /** The plan of {@code job} (the same plugin and state objects, not copies). */
    public static CoordinatorPlan of(Job job) {
        return new CoordinatorPlan(job);
    }

    /** The plan as bytes, to ship. */
    public byte[] toBytes() {
        return JdkSerialization.toBytes(this);
    }

    /** A plan from {@link #toBytes()}. */
    public static CoordinatorPlan fromBytes(byte[] bytes) {
        return (CoordinatorPlan) JdkSerialization.fromBytes(bytes);
    }

    public JobSpec spec() {
        return spec;
    }

    /** Number of workers (= shards). */
    public int workers() {
        return workers;
    }

    SchedulePlugin schedule() {
        return schedule;
    }

    UpdatePlugin update() {
        return update;
    }

    AggregatePlugin aggregate() {
        return aggregate;
    }

    EvaluatePlugin evaluate() {
        return evaluate;
    }

    ResultWriter results() {
        return results;
    }

    Serializable state() {
        return state;
    }

    /** The app's provenance entries. */
    public Map<String, Object> provenance() {
        return Collections.unmodifiableMap(provenance);
    }

    /** The app's warnings about its input. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}
