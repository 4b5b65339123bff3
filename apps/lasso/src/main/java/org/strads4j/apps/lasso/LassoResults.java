package org.strads4j.apps.lasso;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.strads4j.api.JobResult;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ResultWriter;

/**
 * Reads the coefficients back from the job's parameter cache and writes {@code coefficients.txt}
 * ({@code index value} per nonzero, 1-based) and the Lasso fields of {@code summary.json}.
 */
final class LassoResults implements ResultWriter {
    private final LassoOptions options;
    private final double lambdaMax;
    private final int p;
    private double[] coefficients;

    LassoResults(LassoOptions options, double lambdaMax, int p) {
        this.options = options;
        this.lambdaMax = lambdaMax;
        this.p = p;
    }

    /** The coefficients as reassembled from the distributed cache (absent keys are zero). */
    double[] coefficients(ParamStore<?> params) {
        if (coefficients == null) {
            long[] keys = new long[p];
            for (int j = 0; j < p; j++) {
                keys[j] = j;
            }
            double[] b = new double[p];
            for (Map.Entry<Long, ?> e : params.getAll(keys).entrySet()) {
                b[e.getKey().intValue()] = (Double) e.getValue();
            }
            coefficients = b;
        }
        return coefficients;
    }

    @Override
    public Map<String, Object> summarize(JobResult result, ParamStore<?> params) {
        double[] b = coefficients(params);
        int nnz = 0;
        for (double v : b) {
            if (v != 0) {
                nnz++;
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scheduler", options.scheduler().label());
        s.put("nnz", nnz);
        s.put("lambda", options.lambda(lambdaMax));
        s.put("lambdaMax", lambdaMax);
        s.put("lambdaRatio", options.lambda(lambdaMax) / lambdaMax);
        s.put("dualityGap", result.last().metric("dualityGap"));
        return s;
    }

    @Override
    public void writeModel(JobResult result, ParamStore<?> params, Path dir) throws IOException {
        double[] b = coefficients(params);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("coefficients.txt"))) {
            for (int j = 0; j < b.length; j++) {
                if (b[j] != 0) {
                    w.write(String.format(Locale.ROOT, "%d %.17g%n", j + 1, b[j]));
                }
            }
        }
    }
}
