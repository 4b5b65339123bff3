package org.strads4j.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Evaluation;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.cluster.EmbeddedCluster;
import org.strads4j.engine.JobRunner;
import org.strads4j.engine.RunListener;
import org.strads4j.io.Json;

/**
 * Runs a job from the command line on an embedded cluster: plans it (reading and checking the data
 * before any node starts), starts the nodes, prints progress lines and the summary.
 */
public final class JobLauncher {
    private JobLauncher() {
    }

    /** The app named {@code name}, found with ServiceLoader. */
    public static App app(String name) {
        for (App a : ServiceLoader.load(App.class)) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new BadInputException("Unknown app: " + name);
    }

    /** Plans, runs and reports {@code spec}; returns the run. */
    public static JobRunner.Run launch(JobSpec spec, ExecutionOptions exec, PrintStream err) {
        App app = app(spec.app());
        long t0 = System.nanoTime();
        Job job = app.plan(spec);
        if (!exec.quiet) {
            err.printf(Locale.ROOT, "strads: %s planned in %.2f s; starting %d Ignite node%s%n", spec.app(),
                    (System.nanoTime() - t0) / 1e9, spec.nodes(), spec.nodes() == 1 ? "" : "s");
        }
        try (EmbeddedCluster cluster = EmbeddedCluster.start(spec.nodes())) {
            if (!exec.quiet) {
                err.printf(Locale.ROOT, "strads: cluster up (%s) after %.2f s%n", cluster.description(),
                        (System.nanoTime() - t0) / 1e9);
            }
            RunListener listener = exec.quiet ? RunListener.none() : new ProgressPrinter(err);
            return JobRunner.run(cluster, job, listener, exec.out);
        }
    }

    /** Prints the summary (without provenance) and where the outputs went. */
    public static void printSummary(JobRunner.Run run, ExecutionOptions exec, PrintStream out) {
        Map<String, Object> s = new java.util.LinkedHashMap<>(run.summary());
        s.remove("provenance");
        out.println(Json.pretty(s));
        if (exec.out != null) {
            out.println("results: " + exec.out.toAbsolutePath().normalize());
        }
    }

    /** One progress line per evaluation, at most about four a second, always the first ones. */
    static final class ProgressPrinter implements RunListener {
        private final PrintStream err;
        private long lastPrint;
        private int printed;

        ProgressPrinter(PrintStream err) {
            this.err = err;
        }

        @Override
        public void evaluated(long round, long updates, double seconds, Evaluation e) {
            long now = System.nanoTime();
            if (printed >= 5 && now - lastPrint < 250_000_000L && !e.converged()) {
                return;
            }
            lastPrint = now;
            printed++;
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "round %7d  %8.3fs  updates %10d  objective %.10g", round, seconds,
                    updates, e.objective()));
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                double v = m.getValue();
                b.append("  ").append(m.getKey()).append(' ')
                        .append(v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                                : String.format(Locale.ROOT, "%.4g", v));
            }
            err.println(b);
        }
    }
}
