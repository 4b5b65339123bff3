package org.strads4j.api;

import java.util.List;
import java.util.SplittableRandom;

/** What a {@link SchedulePlugin} may know when it plans a round: its job, and the round. */
public interface ScheduleContext extends CoordinatorContext {

    /** The round being planned, from 1. */
    long round();

    /**
     * The scheduler's random stream for this round, derived from the job seed and the round alone
     * (so a job restored from a checkpoint draws what it drew before).
     */
    SplittableRandom random();

    /**
     * Assignments dispatched but not yet committed (empty unless the engine pipelines rounds with
     * a staleness above 0); a scheduler should not pick their blocks again.
     */
    List<Assignment> inFlight();
}
