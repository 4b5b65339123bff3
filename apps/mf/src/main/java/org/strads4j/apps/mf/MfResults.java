package org.strads4j.apps.mf;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strads4j.api.CoordinatorContext;
import org.strads4j.api.JobResult;
import org.strads4j.api.ParamStore;
import org.strads4j.api.ResultWriter;

/**
 * The MF summary fields ({@code testRatings} counts the test ratings in {@code testRmse},
 * {@code testRatingsUnseen} those left out because their user or item has no training rating)
 * and model files: {@code W.txt} and {@code H.txt}, one line per user (item)
 * id in ascending id order, the id first and then its {@code rank} factors, tab-separated, read
 * from the parameter store's factor columns.
 */
final class MfResults implements ResultWriter {
    private static final long serialVersionUID = 1L;
    private final int rank;
    private final double lambda;
    private final String reg;
    private final long roundsPerIteration;
    private final int inner;
    private final int users;
    private final int items;
    private final int trainSize;
    private final int testSize;
    private final int unseenTestRatings;

    MfResults(MfOptions options, MfData data, String schedule) {
        this.rank = options.rank();
        this.lambda = options.lambda();
        this.reg = options.reg().label();
        this.roundsPerIteration = options.roundsPerIteration(schedule);
        this.inner = options.inner();
        this.users = data.users();
        this.items = data.items();
        this.trainSize = data.trainSize();
        this.testSize = data.testSize();
        this.unseenTestRatings = data.unseenTestRatings();
    }

    @Override
    public Map<String, Object> summarize(JobResult result, CoordinatorContext ctx) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rank", rank);
        s.put("lambda", lambda);
        s.put("reg", reg);
        s.put("iterations", result.rounds() / roundsPerIteration);
        s.put("innerIterations", inner);
        s.put("trainRmse", result.last().metric("trainRmse"));
        if (testSize > 0) {
            s.put("testRmse", result.last().metric("testRmse"));
        }
        s.put("users", users);
        s.put("items", items);
        s.put("trainRatings", trainSize);
        s.put("testRatings", testSize);
        s.put("testRatingsUnseen", unseenTestRatings);
        s.put("secondsPerIteration", result.seconds() * roundsPerIteration / Math.max(1, result.rounds()));
        return s;
    }

    @Override
    public void writeModel(JobResult result, CoordinatorContext ctx, Path dir) throws IOException {
        MfCoordinatorState st = ctx.state(MfCoordinatorState.class);
        write(dir.resolve("W.txt"), FactorKeys.W, st.userIds, ctx.params());
        write(dir.resolve("H.txt"), FactorKeys.H, st.itemIds, ctx.params());
    }

    /**
     * Writes one side's factors, its columns read one at a time: one batch of all {@code rank}
     * columns would hold them twice more while marshalled and sent.
     */
    private void write(Path file, int side, int[] ids, ParamStore<?> params) throws IOException {
        @SuppressWarnings("unchecked")
        ParamStore<double[]> store = (ParamStore<double[]>) params;
        double[][] byFeature = new double[rank][];
        for (int t = 0; t < rank; t++) {
            byFeature[t] = store.get(FactorKeys.column(side, t));
            if (byFeature[t] == null || byFeature[t].length != ids.length) {
                throw new IOException("factor column " + t + " of " + file.getFileName() + " missing from the parameter store");
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < ids.length; i++) {
                line.setLength(0);
                line.append(ids[i]);
                for (int t = 0; t < rank; t++) {
                    line.append('\t').append(byFeature[t][i]);
                }
                out.append(line).append('\n');
            }
        }
    }
}
