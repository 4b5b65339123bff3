package org.strads4j.apps.mf;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final MfOptions options;
    private final int[] userIds;
    private final int[] itemIds;
    private final int trainSize;
    private final int testSize;
    private final int unseenTestRatings;

    MfResults(MfOptions options, MfData data) {
        this.options = options;
        this.userIds = data.userIds();
        this.itemIds = data.itemIds();
        this.trainSize = data.trainSize();
        this.testSize = data.testSize();
        this.unseenTestRatings = data.unseenTestRatings();
    }

    @Override
    public Map<String, Object> summarize(JobResult result, ParamStore<?> params) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rank", options.rank());
        s.put("lambda", options.lambda());
        s.put("reg", options.reg().label());
        s.put("iterations", result.rounds() / options.roundsPerIteration());
        s.put("innerIterations", options.inner());
        s.put("trainRmse", result.last().metric("trainRmse"));
        if (testSize > 0) {
            s.put("testRmse", result.last().metric("testRmse"));
        }
        s.put("users", userIds.length);
        s.put("items", itemIds.length);
        s.put("trainRatings", trainSize);
        s.put("testRatings", testSize);
        s.put("testRatingsUnseen", unseenTestRatings);
        s.put("secondsPerIteration", result.seconds() * options.roundsPerIteration() / Math.max(1, result.rounds()));
        return s;
    }

    @Override
    public void writeModel(JobResult result, ParamStore<?> params, Path dir) throws IOException {
        write(dir.resolve("W.txt"), FactorKeys.W, userIds, params);
        write(dir.resolve("H.txt"), FactorKeys.H, itemIds, params);
    }

    /**
     * Writes one side's factors, its columns read one at a time: one batch of all {@code rank}
     * columns would hold them twice more while marshalled and sent.
     */
    private void write(Path file, int side, int[] ids, ParamStore<?> params) throws IOException {
        int rank = options.rank();
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
