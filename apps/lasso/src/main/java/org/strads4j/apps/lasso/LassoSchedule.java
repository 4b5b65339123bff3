package org.strads4j.apps.lasso;

import org.strads4j.api.Assignment;
import org.strads4j.api.Batch;
import org.strads4j.api.SchedulePlugin;
import org.strads4j.api.ScheduleContext;
import org.strads4j.api.CoordinatorContext;

/**
 * The Lasso schedule: the state's {@link org.strads4j.schedule.CoordinateSchedule}, which also notes, for each planned round, how many
 * commits its dispatch carries, so that the aggregate can correct partials computed while earlier
 * rounds were still in flight. A working-set round planned right after the evaluation that chose
 * it runs on the coordinator alone: that evaluation summed its gradient already.
 */
final class LassoSchedule implements SchedulePlugin {
    private static final long serialVersionUID = 1L;

    @Override
    public Assignment next(ScheduleContext ctx) {
        LassoState st = ctx.state(LassoState.class);
        st.workingSets.planFirst(st);
        Assignment a = st.coordinates.next(ctx);
        if (!a.isEmpty()) {
            st.model.planned();
            if (a.isShared() && st.workingSets.knownGradient(a.shared().keys(), st.model) != null) {
                return Assignment.onCoordinator(a.shared());
            }
        }
        return a;
    }

    @Override
    public void observe(Batch commit, CoordinatorContext ctx) {
        ctx.state(LassoState.class).coordinates.observe(commit);
    }
}
