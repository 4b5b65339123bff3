package org.strads4j.apps.lda;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A worker's view of the topic totals n_k between commits.
 *
 * <p>The exact totals are known at each commit: the coordinator adds up the workers' changes of a
 * round ({@link TopicTotalsAggregate}). Between commits, a worker samples against
 * <pre>
 * view = base (the totals of the last commit it applied)
 *      + its own change in every round since
 *      + every other worker's change in those rounds, as far as it has heard
 * </pre>
 * It hears by the blocks: each {@link BlockMessage} carries its sender's running change and the
 * latest notes the sender had of the others, so news travels round the ring with the tables. The
 * view is thus far fresher than the last commit (within a step of the neighbour that sends the
 * block), and, coming only with the blocks, it depends on the seed alone, never on timing: a chain
 * is reproducible and a job resumed from a checkpoint samples what it sampled before. The view is
 * an approximation of n_k used for sampling only: a round's partial is the worker's own change,
 * and at each commit the view is the exact totals.
 */
final class TopicTotalsView {
    private final int self;
    private final int topics;
    private final int[] base;
    /** The last commit applied: rounds up to it are in {@link #base}. */
    private long committed;
    private final TreeMap<Long, int[]> own = new TreeMap<>();
    /** Per round, the latest note of each other worker (by worker index). */
    private final TreeMap<Long, Map<Integer, TotalsNote>> others = new TreeMap<>();

    TopicTotalsView(int self, int[] initial) {
        this.self = self;
        this.topics = initial.length;
        this.base = initial.clone();
    }

    /** The commit of {@code round}: its exact totals become the base, and what they include is dropped. */
    void commit(long round, int[] totals) {
        System.arraycopy(totals, 0, base, 0, topics);
        committed = round;
        own.headMap(round, true).clear();
        others.headMap(round, true).clear();
    }

    /** This worker's running change in {@code round} (created empty). */
    int[] own(long round) {
        return own.computeIfAbsent(round, r -> new int[topics]);
    }

    /** Takes in the notes a block brought (older rounds than the base, older steps, its own: ignored). */
    void absorb(TotalsNote[] notes) {
        for (TotalsNote note : notes) {
            if (note.worker == self || note.round <= committed) {
                continue;
            }
            Map<Integer, TotalsNote> byWorker = others.computeIfAbsent(note.round, r -> new TreeMap<>());
            TotalsNote known = byWorker.get(note.worker);
            if (known == null || note.step > known.step) {
                byWorker.put(note.worker, note);
            }
        }
    }

    /**
     * What this worker knows, to send with a block: its own change in each uncommitted round
     * ({@code step} of the current one {@code round}, the earlier ones done) and the others' notes.
     */
    TotalsNote[] knowledge(long round, int step) {
        List<TotalsNote> out = new ArrayList<>();
        for (Map.Entry<Long, int[]> e : own.entrySet()) {
            out.add(new TotalsNote(self, e.getKey(), e.getKey() == round ? step : TotalsNote.DONE,
                    e.getValue().clone()));
        }
        for (Map<Integer, TotalsNote> byWorker : others.values()) {
            out.addAll(byWorker.values());
        }
        return out.toArray(new TotalsNote[0]);
    }

    /** Writes the view into {@code view}. */
    void write(int[] view) {
        System.arraycopy(base, 0, view, 0, topics);
        for (int[] change : own.values()) {
            add(view, change);
        }
        for (Map<Integer, TotalsNote> byWorker : others.values()) {
            for (TotalsNote note : byWorker.values()) {
                add(view, note.change);
            }
        }
    }

    private static void add(int[] into, int[] change) {
        for (int k = 0; k < into.length; k++) {
            into[k] += change[k];
        }
    }
}
