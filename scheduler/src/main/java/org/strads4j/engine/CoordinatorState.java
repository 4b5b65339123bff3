package org.strads4j.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.strads4j.api.Assignment;
import org.strads4j.api.JobSpec;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ScheduleContext;

/**
 * The coordinator's side of one running job, as its plugins see it ({@link ScheduleContext}, and
 * so {@link org.strads4j.api.CoordinatorContext}): the spec, the app's state object, the parameter
 * store, the scheduler's random stream, and the round being planned.
 */
final class CoordinatorState implements ScheduleContext {
    private final JobSpec spec;
    private final int workers;
    private final long schedulerSeed;
    private final ParamStore<?> params;
    private final Supplier<List<Assignment>> inFlight;
    private Serializable state;
    private SplittableRandom random;
    private long round;
    private boolean evaluationRequested;

    CoordinatorState(CoordinatorPlan plan, ParamStore<?> params, Supplier<List<Assignment>> inFlight) {
        this.spec = plan.spec();
        this.workers = plan.workers();
        this.state = plan.state();
        this.params = params;
        this.schedulerSeed = Seeds.scheduler(spec.seed());
        this.inFlight = inFlight;
    }

    /** The round being planned: its random stream is derived from the seed and the round alone. */
    void round(long r) {
        this.round = r;
        this.random = null;
    }

    /** The app's state object (what a checkpoint saves). */
    Serializable state() {
        return state;
    }

    /** Replaces the app's state object (a checkpoint's). */
    void restoreState(Serializable restored) {
        this.state = restored;
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public <S> S state(Class<S> type) {
        if (state == null) {
            throw new IllegalStateException("job " + spec.app() + " has no coordinator state (Job.Builder.state)");
        }
        return type.cast(state);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ParamStore<V> params() {
        return (ParamStore<V>) params;
    }

    @Override
    public void requestEvaluation() {
        evaluationRequested = true;
    }

    /** Whether a plugin asked for an evaluation since the last call; clears the request. */
    boolean takeEvaluationRequest() {
        boolean r = evaluationRequested;
        evaluationRequested = false;
        return r;
    }

    @Override
    public long round() {
        return round;
    }

    @Override
    public SplittableRandom random() {
        if (random == null) {
            random = new SplittableRandom(Seeds.round(schedulerSeed, round));
        }
        return random;
    }

    @Override
    public List<Assignment> inFlight() {
        List<Assignment> a = inFlight.get();
        return a.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(a));
    }
}
