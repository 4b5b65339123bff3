package org.strads4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.ignite.cluster.ClusterTopologyException;
import org.apache.ignite.internal.util.future.GridFutureAdapter;
import org.apache.ignite.internal.util.future.IgniteFutureImpl;
import org.apache.ignite.lang.IgniteFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link JobDeployment#joinAll}: the workers' jobs of one step are taken in the order they finish,
 * so a lost worker is seen while another still waits (the CI run where worker 0 waited ten
 * minutes for a message from the worker whose server had been killed, and the coordinator waited
 * on worker 0 first).
 */
class JoinAllTest {
    @Test
    void aLostWorkerIsSeenWhileAnEarlierOneStillWaits() {
        GridFutureAdapter<String> waiting = new GridFutureAdapter<>();
        GridFutureAdapter<String> lost = new GridFutureAdapter<>();
        List<IgniteFuture<String>> fs = List.of(new IgniteFutureImpl<>(waiting), new IgniteFutureImpl<>(lost));
        new Thread(() -> lost.onDone(new ClusterTopologyException("node left"))).start();
        JobDeployment.NodeLostException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(JobDeployment.NodeLostException.class, () -> JobDeployment.joinAll(fs, "round 7")));
        assertTrue(e.getMessage().startsWith("worker 1 lost in round 7"), e.getMessage());
        waiting.onDone("late");
    }

    @Test
    void resultsComeInWorkerOrderWhateverOrderTheyFinishIn() throws Exception {
        GridFutureAdapter<String> a = new GridFutureAdapter<>();
        GridFutureAdapter<String> b = new GridFutureAdapter<>();
        GridFutureAdapter<String> c = new GridFutureAdapter<>();
        List<IgniteFuture<String>> fs = List.of(new IgniteFutureImpl<>(a), new IgniteFutureImpl<>(b),
                new IgniteFutureImpl<>(c));
        Thread t = new Thread(() -> {
            c.onDone("c");
            a.onDone("a");
            b.onDone("b");
        });
        t.start();
        assertEquals(List.of("a", "b", "c"), JobDeployment.joinAll(fs, "evaluate"));
        t.join();
    }

    @Test
    void aJobNotSentLeavesItsSlotEmptyAndTheOthersTheirWorkerNumbers() {
        GridFutureAdapter<String> ok = new GridFutureAdapter<>();
        GridFutureAdapter<String> failed = new GridFutureAdapter<>();
        ok.onDone("one");
        java.util.List<IgniteFuture<String>> fs = new java.util.ArrayList<>();
        fs.add(null);   // worker 0 ran in the caller's thread
        fs.add(new IgniteFutureImpl<>(ok));
        assertEquals(java.util.Arrays.asList(null, "one"), JobDeployment.joinAll(fs, "evaluate"));
        failed.onDone(new IllegalStateException("bad partial"));
        fs.add(new IgniteFutureImpl<>(failed));
        WorkerFailedException e = assertThrows(WorkerFailedException.class, () -> JobDeployment.joinAll(fs, "evaluate"));
        assertTrue(e.getMessage().startsWith("worker 2 failed in evaluate"), e.getMessage());
    }

    @Test
    void aFailureThatIsNoLossFailsTheStepAtOnce() {
        GridFutureAdapter<String> waiting = new GridFutureAdapter<>();
        GridFutureAdapter<String> failed = new GridFutureAdapter<>();
        List<IgniteFuture<String>> fs = List.of(new IgniteFutureImpl<>(waiting), new IgniteFutureImpl<>(failed));
        failed.onDone(new IllegalStateException("bad block"));
        WorkerFailedException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(WorkerFailedException.class, () -> JobDeployment.joinAll(fs, "round 3")));
        assertTrue(e.getMessage().contains("bad block"), e.getMessage());
    }
}
