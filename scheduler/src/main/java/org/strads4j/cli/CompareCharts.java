package org.strads4j.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * The charts of {@code strads compare}: one PNG of the app's metric against seconds and one against
 * updates, one line per schedule, drawn with XChart and rendered headless.
 *
 * <p>The plotted value ({@link #metric}) is {@code testRmse} when the metric rows carry it (MF),
 * {@code logLikelihoodPerToken} when they carry that (LDA), else {@code objective}. An objective
 * (Lasso) is plotted as its suboptimality on a log scale, {@code objective - best + eps}, where
 * {@code best} is the least objective any schedule reached and {@code eps = 1e-12 x max(|best|, 1)}
 * keeps the best point on the axis: the schedules differ by orders of magnitude of suboptimality,
 * which a plain objective axis flattens into one line. A run that diverges is drawn up to a ceiling,
 * {@value #CEILING} times the largest first suboptimality of any run, and its legend says it was
 * clipped, so that it does not stretch the axis over hundreds of decades. The other metrics are
 * plotted as they are.
 *
 * <pre>{@code
 * Map<String, List<Map<String, Object>>> rows = Map.of("model-parallel", result.metrics());
 * List<String> files = CompareCharts.write(dir, "lasso", rows);   // objective-vs-seconds.png, objective-vs-updates.png
 * }</pre>
 */
final class CompareCharts {
    /** The chart of the metric against solve seconds. */
    static final String BY_SECONDS = "objective-vs-seconds.png";
    /** The chart of the metric against block updates. */
    static final String BY_UPDATES = "objective-vs-updates.png";

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final double EPSILON = 1e-12;
    /** How far above the largest first suboptimality a diverging run is still drawn. */
    static final double CEILING = 1e3;

    private CompareCharts() {
    }

    /**
     * The value the charts plot for these runs' metric rows: {@code testRmse},
     * {@code logLikelihoodPerToken}, or {@code objective}.
     */
    static String metric(Iterable<List<Map<String, Object>>> runs) {
        for (String m : List.of("testRmse", "logLikelihoodPerToken")) {
            for (List<Map<String, Object>> rows : runs) {
                for (Map<String, Object> row : rows) {
                    if (row.get(m) instanceof Number) {
                        return m;
                    }
                }
            }
        }
        return "objective";
    }

    /** The y-axis label for {@code metric}: an objective is plotted as its suboptimality. */
    static String label(String metric) {
        return "objective".equals(metric) ? "objective - best (log scale)" : metric;
    }

    /**
     * The least finite {@code objective} over all rows of all runs, or NaN when none has one; the
     * {@code best} of the suboptimality plot.
     */
    static double bestObjective(Iterable<List<Map<String, Object>>> runs) {
        double best = Double.NaN;
        for (List<Map<String, Object>> rows : runs) {
            for (Map<String, Object> row : rows) {
                double v = number(row.get("objective"));
                if (Double.isFinite(v) && !(v >= best)) {
                    best = v;
                }
            }
        }
        return best;
    }

    /**
     * How a run's rows become y values.
     *
     * @param metric  the row column plotted
     * @param best    the least objective of all runs (for a suboptimality)
     * @param ceiling the largest y drawn; larger values are drawn at it (infinite: none)
     */
    record Plot(String metric, double best, double ceiling) {
        /** The plot of {@code runs}' metric rows (see the class doc). */
        static Plot of(Iterable<List<Map<String, Object>>> runs) {
            String metric = CompareCharts.metric(runs);
            if (!"objective".equals(metric)) {
                return new Plot(metric, Double.NaN, Double.POSITIVE_INFINITY);
            }
            double best = bestObjective(runs);
            Plot unbounded = new Plot(metric, best, Double.POSITIVE_INFINITY);
            double firstMax = Double.NaN;
            for (List<Map<String, Object>> rows : runs) {
                for (Map<String, Object> row : rows) {
                    double y = unbounded.y(row);
                    if (Double.isFinite(y)) {
                        firstMax = Double.isNaN(firstMax) ? y : Math.max(firstMax, y);
                        break;
                    }
                }
            }
            return new Plot(metric, best, Double.isNaN(firstMax) ? Double.POSITIVE_INFINITY : CEILING * firstMax);
        }

        /** True when the metric is an objective, plotted as its suboptimality on a log scale. */
        boolean suboptimality() {
            return "objective".equals(metric);
        }

        /** The y value of a row before the ceiling; NaN when the row has none. */
        double y(Map<String, Object> row) {
            double v = number(row.get(metric));
            if (!suboptimality()) {
                return v;
            }
            return Math.max(v - best, 0.0) + EPSILON * Math.max(Math.abs(best), 1.0);
        }
    }

    /**
     * One run's points: the {@code x} column against {@code plot}'s y values, at most its ceiling
     * (a diverging objective that overflows to infinity is drawn at the ceiling too); rows without
     * an x, or without a y, are left out.
     *
     * @return {@code {xs, ys}}, of equal length
     */
    static double[][] points(List<Map<String, Object>> rows, String x, Plot plot) {
        double[] xs = new double[rows.size()];
        double[] ys = new double[rows.size()];
        int n = 0;
        for (Map<String, Object> row : rows) {
            double xv = number(row.get(x));
            double yv = Math.min(plot.y(row), plot.ceiling());
            if (Double.isFinite(xv) && Double.isFinite(yv)) {
                xs[n] = xv;
                ys[n] = yv;
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(xs, n), Arrays.copyOf(ys, n)};
    }

    /** True when some y of {@code rows} is above {@code plot}'s ceiling (drawn at it). */
    static boolean clipped(List<Map<String, Object>> rows, Plot plot) {
        for (Map<String, Object> row : rows) {
            double y = plot.y(row);
            if (y > plot.ceiling() || y == Double.POSITIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@link #BY_SECONDS} and {@link #BY_UPDATES} into {@code dir}, a line per run of
     * {@code runs} (schedule to metric rows, in legend order) that has a point; returns the files
     * written (none when no run has a point).
     *
     * @throws IOException when a PNG cannot be written, or AWT cannot draw (no fonts)
     */
    static List<String> write(Path dir, String app, Map<String, List<Map<String, Object>>> runs) throws IOException {
        useHeadlessGraphics();
        Plot plot = Plot.of(runs.values());
        List<String> written = new ArrayList<>();
        Map<String, String> charts = new LinkedHashMap<>();
        charts.put("seconds", BY_SECONDS);
        charts.put("updates", BY_UPDATES);
        try {
            for (Map.Entry<String, String> c : charts.entrySet()) {
                XYChart chart = chart(app, c.getKey(), plot, runs);
                if (chart != null) {
                    try (OutputStream png = Files.newOutputStream(dir.resolve(c.getValue()))) {
                        ChartEncoder.saveChart(chart, png, "png");
                    }
                    written.add(c.getValue());
                }
            }
        } catch (LinkageError | java.awt.AWTError | InternalError e) {
            // AWT without its native font libraries or fonts (a bare headless JRE): no charts, but
            // the caller keeps the runs' results
            throw new IOException("cannot draw with AWT here (" + e + ")", e);
        }
        return written;
    }

    /** One chart of {@code plot}'s metric against {@code x}, or null when no run has a point. */
    private static XYChart chart(String app, String x, Plot plot, Map<String, List<Map<String, Object>>> runs) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(app + ": " + plot.metric() + " against " + x + ", by schedule")
                .xAxisTitle("updates".equals(x) ? "block updates" : "solve seconds")
                .yAxisTitle(label(plot.metric()))
                .build();
        style(chart, plot);
        int series = 0;
        for (Map.Entry<String, List<Map<String, Object>>> run : runs.entrySet()) {
            double[][] p = points(run.getValue(), x, plot);
            if (p[0].length > 0) {
                String name = run.getKey() + (clipped(run.getValue(), plot)
                        ? String.format(Locale.ROOT, " (diverged: drawn at most %.0e)", plot.ceiling()) : "");
                XYSeries s = chart.addSeries(name, p[0], p[1]);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series++;
            }
        }
        return series == 0 ? null : chart;
    }

    /**
     * White, antialiased; log-scale y for a suboptimality; the legend in the corner the lines leave
     * free (top right for what falls, bottom right for a log-likelihood, which rises).
     */
    private static void style(XYChart chart, Plot plot) {
        XYStyler s = chart.getStyler();
        s.setLegendPosition("logLikelihoodPerToken".equals(plot.metric()) ? Styler.LegendPosition.InsideSE
                : Styler.LegendPosition.InsideNE);
        s.setYAxisLogarithmic(plot.suboptimality());
        s.setMarkerSize(5);
        s.setXAxisDecimalPattern("#,##0.##");
        s.setYAxisDecimalPattern(plot.suboptimality() ? "0.#E0" : "#,##0.####");
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
    }

    /**
     * Charts are drawn off screen: AWT must not look for a display. Set before AWT starts, unless
     * the user chose otherwise ({@code -Djava.awt.headless=false}).
     */
    private static void useHeadlessGraphics() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
