package org.strads4j.apps.lasso;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.JobResult;
import org.strads4j.api.ResultWriter;

/**
 * Reads the coefficients back from the job's parameter cache and writes {@code coefficients.txt}
 * ({@code index value} per nonzero, 1-based) and the Lasso fields of {@code summary.json}.
 */
final class LassoResults implements ResultWriter {
    private static final long serialVersionUID = 1L;
    private final String scheduler;
    private final double lambda;
    private final double lambdaMax;
    private final int p;

    LassoResults(LassoOptions options, double lambdaMax, int p) {
        this.scheduler = options.scheduler().label();
        this.lambda = options.lambda(lambdaMax);
        this.lambdaMax = lambdaMax;
        this.p = p;
    }

    /**
     * The coefficients as reassembled from the distributed cache ({@link CoefficientBlocks}; absent
     * blocks are zero): one scan of what is stored, the blocks that ever changed. Asking for all
     * {@code p} keys instead took 1.8 s at p = 1 million, longer than the solve.
     */
    double[] coefficients(CoordinatorContext ctx) {
        LassoState st = ctx.state(LassoState.class);
        if (st.coefficientsFromCache == null && org.strads4j.api.JobSpec.PARAM_SERVER.equals(ctx.spec().schedule())) {
            st.coefficientsFromCache = ParamServerLasso.coefficients(ctx.params(), st.data.rows(), p);
        }
        if (st.coefficientsFromCache == null) {
            st.coefficientsFromCache = CoefficientBlocks.assembleSparse(ctx.params().entries(), p);
        }
        return st.coefficientsFromCache;
    }

    @Override
    public Map<String, Object> summarize(JobResult result, CoordinatorContext ctx) {
        double[] b = coefficients(ctx);
        int nnz = 0;
        for (double v : b) {
            if (v != 0) {
                nnz++;
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scheduler", scheduler);
        s.put("nnz", nnz);
        s.put("lambda", lambda);
        s.put("lambdaMax", lambdaMax);
        s.put("lambdaRatio", lambda / lambdaMax);
        s.put("dualityGap", result.last().metric("dualityGap"));
        LassoState st = ctx.state(LassoState.class);
        if (st.lambdas.length > 1) {
            java.util.List<Map<String, Object>> path = new java.util.ArrayList<>();
            for (LassoState.PathPoint pt : st.path) {
                path.add(pathRow(pt));
            }
            s.put("path", path);
        }
        return s;
    }

    @Override
    public void writeModel(JobResult result, CoordinatorContext ctx, Path dir) throws IOException {
        double[] b = coefficients(ctx);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("coefficients.txt"))) {
            for (int j = 0; j < b.length; j++) {
                if (b[j] != 0) {
                    w.write(String.format(Locale.ROOT, "%d %.17g%n", j + 1, b[j]));
                }
            }
        }
        LassoState st = ctx.state(LassoState.class);
        if (st.lambdas.length > 1) {
            writePath(st, dir.resolve("path.jsonl"));
        }
    }

    /** What the summary says of one lambda of a path. */
    private Map<String, Object> pathRow(LassoState.PathPoint pt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lambda", pt.lambda());
        row.put("lambdaRatio", pt.lambda() / lambdaMax);
        row.put("objective", pt.objective());
        row.put("nnz", pt.index().length);
        row.put("dualityGap", pt.dualityGap());
        row.put("round", pt.round());
        return row;
    }

    /**
     * {@code path.jsonl}: one JSON object per certified lambda, largest first: {@code lambda},
     * {@code lambdaRatio}, {@code objective}, {@code nnz}, {@code dualityGap}, {@code round} and the
     * nonzero coefficients as {@code index} (1-based) and {@code value} arrays.
     */
    private void writePath(LassoState st, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (LassoState.PathPoint pt : st.path) {
                Map<String, Object> row = pathRow(pt);
                int[] oneBased = new int[pt.index().length];
                for (int i = 0; i < oneBased.length; i++) {
                    oneBased[i] = pt.index()[i] + 1;
                }
                row.put("index", oneBased);
                row.put("value", pt.value());
                w.write(org.strads4j.io.Json.mapper().writeValueAsString(row));
                w.write('\n');
            }
        }
    }
}
