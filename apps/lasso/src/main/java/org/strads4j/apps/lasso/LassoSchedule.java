package org.strads4j.apps.lasso;

import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.SchedulePlugin;
import org.strads4j.api.ScheduleContext;
import org.strads4j.schedule.CoordinateSchedule;

/**
 * The Lasso schedule: a {@link CoordinateSchedule} that also notes, for each planned round, how many
 * commits its dispatch carries, so that the aggregate can correct partials computed while earlier
 * rounds were still in flight.
 */
final class LassoSchedule implements SchedulePlugin {
    private final CoordinateSchedule coordinates;
    private final LassoModel model;

    LassoSchedule(CoordinateSchedule coordinates, LassoModel model) {
        this.coordinates = coordinates;
        this.model = model;
    }

    CoordinateSchedule coordinates() {
        return coordinates;
    }

    @Override
    public Assignment next(ScheduleContext ctx) {
        Assignment a = coordinates.next(ctx);
        if (!a.isEmpty()) {
            model.planned();
        }
        return a;
    }

    @Override
    public void observe(Batch commit) {
        coordinates.observe(commit);
    }
}
