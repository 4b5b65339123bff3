package org.strads4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressState;
import org.strads4j.api.Evaluation;
import org.strads4j.api.JobSpec;
import org.strads4j.engine.RunListener;
import org.strads4j.io.ShutdownCleanup;

/**
 * What {@code run} and {@code bench} show on stderr while they work: notices (cluster start-up,
 * where results go), warnings, and per job either a progress bar (stderr is a terminal) or plain
 * progress lines (a log file, a pipe). stdout is left to the summary.
 *
 * <p>Per job it shows the rounds out of the maximum, the objective, the convergence measure against
 * its target where the app has one (the Lasso duality gap), updates per second and an ETA
 * ({@link EtaEstimator}). The bar is me.tongfei:progressbar with a renderer of ours; the launcher
 * says whether stderr is a terminal ({@code -Dstrads.stderrIsTerminal=true}) and how wide
 * ({@code -Dstrads.terminalColumns=N}).
 *
 * <pre>
 * lasso [=========&gt;        ]  58%  round 450/1,000,000  objective 0.2696176889  dualityGap 3.2e-08 (target 2.7e-10)  128k upd/s  ETA 0:00:01
 * </pre>
 */
public final class Progress implements AutoCloseable {
    private final PrintStream err;
    private final boolean quiet;
    private final boolean terminal;
    private final int columns;
    private ProgressBar bar;

    private Progress(PrintStream err, boolean quiet, boolean terminal, int columns) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = terminal;
        this.columns = columns;
    }

    /** The display for a command: nothing but warnings when {@code quiet}. */
    public static Progress forCommand(boolean quiet, PrintStream err) {
        return new Progress(err, quiet, Boolean.getBoolean("strads.stderrIsTerminal"),
                Math.max(40, Integer.getInteger("strads.terminalColumns", 100)));
    }

    /** A notice line ({@code strads: ...}), not shown when quiet. */
    public synchronized void note(String message) {
        if (!quiet) {
            endBar();
            ShutdownCleanup.printUnlessShuttingDown(err, "strads: " + message);
        }
    }

    /** A warning line ({@code strads: warning: ...}), shown even when quiet. */
    public synchronized void warn(String message) {
        endBar();
        ShutdownCleanup.printUnlessShuttingDown(err, "strads: warning: " + message);
    }

    /** The listener that shows one job's progress; {@code label} names it (the app, or a bench row). */
    public RunListener job(String label, JobSpec spec) {
        if (quiet) {
            return RunListener.none();
        }
        return new JobProgress(label, spec.maxRounds());
    }

    @Override
    public synchronized void close() {
        endBar();
    }

    private void endBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** True while a progress bar is drawn on the terminal (a message then starts a new line). */
    static boolean barOnScreen() {
        return barsOnScreen.get() > 0;
    }

    private static final java.util.concurrent.atomic.AtomicInteger barsOnScreen = new java.util.concurrent.atomic.AtomicInteger();

    /** The bar's console output, silent once a signal stops the run. */
    private static final class Console extends ConsoleProgressBarConsumer {
        Console(PrintStream out, int width) {
            super(out, width);
            barsOnScreen.incrementAndGet();
        }

        @Override
        public void accept(String rendered) {
            if (!ShutdownCleanup.shuttingDown()) {
                super.accept(rendered);
            }
        }

        @Override
        public void close() {
            barsOnScreen.decrementAndGet();
            if (!ShutdownCleanup.shuttingDown()) {
                super.close();
            }
        }
    }

    /** One job's view: the latest figures, shown as a bar or as lines. */
    private final class JobProgress implements RunListener {
        private final String label;
        private final long maxRounds;
        private final EtaEstimator eta;
        /** The last evaluation; as lines, described only when one is printed. */
        private Last last;
        /** What the bar shows (it redraws from its own thread). */
        private volatile String barFigures = "starting";
        private long lastLine;
        private int lines;

        JobProgress(String label, long maxRounds) {
            this.label = label;
            this.maxRounds = maxRounds;
            this.eta = new EtaEstimator(maxRounds);
        }

        @Override
        public void evaluated(long round, long updates, double seconds, Evaluation e) {
            if (ShutdownCleanup.shuttingDown()) {
                return;
            }
            eta.observe(seconds, round, e.convergenceValue(), e.convergenceTarget());
            last = new Last(round, updates, seconds, e);
            if (terminal) {
                barFigures = figures();
                showBar(round);
            } else {
                printLine(e.converged() || round >= maxRounds);
            }
        }

        /** What an evaluation reported, kept until it is shown. */
        private record Last(long round, long updates, double seconds, Evaluation e) {
        }

        /**
         * The figures of the last evaluation. Lines are thinned out (at most one a second after
         * the first five), and each description takes about a dozen formatted numbers, so they
         * are described only when printed: formatting every evaluation's cost a 20-value path (21
         * evaluations in 10 to 20 ms) up to a millisecond, more while the JIT warms up.
         */
        private String figures() {
            Last l = last;
            return l == null ? "starting" : describe(l.round(), l.updates(), l.seconds(), l.e());
        }

        @Override
        public void recovering(long round, String cause) {
            warn("a node was lost (" + cause + "); going back to the checkpoint at round " + round);
        }

        @Override
        public void recovered(long round, double seconds) {
            note(String.format(Locale.ROOT, "recovered: back at round %,d after %.2f s", round, seconds));
        }

        @Override
        public void writing(Path target) {
            note(target == null ? "the job is writing its results in the cluster" : "writing results to " + target);
        }

        private void showBar(long round) {
            synchronized (Progress.this) {
                if (bar == null) {
                    bar = new ProgressBarBuilder()
                            .setTaskName(label)
                            .setInitialMax(maxRounds)
                            .setUpdateIntervalMillis(250)
                            .continuousUpdate()
                            .setConsumer(new Console(err, columns - 1))
                            .setRenderer(this::render)
                            .build();
                }
                bar.stepTo(round);   // redrawn every 250 ms by the bar's thread (continuous update)
            }
        }

        private String render(ProgressState state, int width) {
            double f = eta.fraction();
            int cells = 20;
            int full = (int) Math.floor(f * cells);
            StringBuilder b = new StringBuilder(width);
            b.append(state.getTaskName()).append(" [");
            for (int i = 0; i < cells; i++) {
                b.append(i < full ? '=' : i == full ? '>' : ' ');
            }
            b.append("] ").append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(100 * f)))
                    .append("  ").append(barFigures);
            return b.length() <= width ? b.toString() : b.substring(0, width);
        }

        private void printLine(boolean last) {
            long now = System.nanoTime();
            if (lines >= 5 && !last && now - lastLine < 1_000_000_000L) {
                return;
            }
            lastLine = now;
            lines++;
            synchronized (Progress.this) {
                ShutdownCleanup.printUnlessShuttingDown(err, "strads: " + label + " " + figures());
            }
        }

        /**
         * The figures of an evaluation, most telling first (a narrow bar cuts the tail): round of
         * maximum, seconds, objective, the convergence measure against its target, updates per
         * second, ETA, then the app's other metrics.
         */
        private String describe(long round, long updates, double seconds, Evaluation e) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "round %,d/%,d  %.2f s  objective %.10g", round, maxRounds, seconds,
                    e.objective()));
            String measure = e.convergenceMeasure();
            if (measure != null) {
                b.append("  ").append(measure).append(' ').append(number(e.convergenceValue()))
                        .append(" (target ").append(number(e.convergenceTarget())).append(')');
            }
            b.append("  ").append(rate(seconds > 0 ? updates / seconds : Double.NaN)).append(" updates/s");
            b.append("  ETA ").append(duration(e.converged() ? 0 : eta.secondsLeft()));
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                if (!m.getKey().equals(measure)) {
                    b.append("  ").append(m.getKey()).append(' ').append(number(m.getValue()));
                }
            }
            return b.toString();
        }
    }

    /** A metric for people: whole numbers as integers, the rest to 4 significant digits. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** 950, 12.3k, 4.56M. */
    static String rate(double perSecond) {
        if (!Double.isFinite(perSecond)) {
            return "?";
        }
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.3gk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** h:mm:ss, or "?" when unknown. */
    static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 100L * 3600) {
            return ">99h";
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
