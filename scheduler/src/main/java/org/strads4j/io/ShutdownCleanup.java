package org.strads4j.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must be undone if the JVM is stopped by a signal (SIGINT, SIGTERM) while a job runs: one
 * JVM shutdown hook, installed on first use, runs the registered actions in phase order, then in
 * reverse registration order within a phase. Each holder deregisters its action once the thing is
 * done (the output committed, the cluster closed), so a normal exit runs nothing.
 *
 * <pre>{@code
 * ShutdownCleanup.Registration r = ShutdownCleanup.register(Phase.FILES, "staging " + dir, () -> deleteTree(dir));
 * try { ... } finally { r.close(); }   // done: nothing to undo any more
 * }</pre>
 *
 * <p>While the hook runs, {@link #shuttingDown()} is true: code on other threads that fails
 * because the cluster is going away should stay silent instead of reporting an error.
 */
public final class ShutdownCleanup {

    /** When an action runs relative to the others. */
    public enum Phase {
        /** Tell the user (first, so the message comes at once). */
        NOTICE,
        /** Remove partial files: staging directories, half-written results. */
        FILES,
        /** Stop Ignite nodes and remove their work directories. */
        CLUSTER
    }

    private static final Map<Long, Action> ACTIONS = new LinkedHashMap<>();
    private static final Object OUTPUT = new Object();
    private static long nextId;
    private static boolean hookInstalled;
    private static volatile boolean shuttingDown;

    private record Action(long id, Phase phase, String what, Runnable run) {
    }

    /** Deregisters an action without running it. Idempotent. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private ShutdownCleanup() {
    }

    /** Registers {@code action} to run if the JVM shuts down before the registration is closed. */
    public static synchronized Registration register(Phase phase, String what, Runnable action) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::runAll, "strads-shutdown-cleanup"));
            hookInstalled = true;
        }
        long id = nextId++;
        ACTIONS.put(id, new Action(id, phase, what, action));
        return () -> deregister(id);
    }

    private static synchronized void deregister(long id) {
        ACTIONS.remove(id);
    }

    /** True once the JVM has begun shutting down with actions pending (a signal during a job). */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Prints {@code line} unless the JVM is shutting down: progress from a job that a signal is
     * stopping would otherwise follow the {@code interrupted} notice.
     */
    public static void printUnlessShuttingDown(java.io.PrintStream out, String line) {
        synchronized (OUTPUT) {
            if (!shuttingDown) {
                out.println(line);
            }
        }
    }

    /** Runs the pending actions; called by the shutdown hook (and by tests). */
    static void runAll() {
        List<Action> pending;
        synchronized (ShutdownCleanup.class) {
            if (ACTIONS.isEmpty()) {
                return;
            }
            synchronized (OUTPUT) {
                shuttingDown = true;   // from here on, printUnlessShuttingDown prints nothing
            }
            pending = new ArrayList<>(ACTIONS.values());
            ACTIONS.clear();
        }
        pending.sort(Comparator.comparing(Action::phase).thenComparing(Comparator.comparingLong(Action::id).reversed()));
        for (Action a : pending) {
            try {
                a.run().run();
            } catch (RuntimeException | Error e) {
                System.err.println("strads: could not clean up " + a.what() + ": " + e.getMessage());
            }
        }
    }
}
