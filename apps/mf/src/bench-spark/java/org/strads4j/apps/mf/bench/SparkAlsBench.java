package org.strads4j.apps.mf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib ALS on a train/test split, the peer of {@code strads bench mf} (built only by the
 * {@code bench-spark} profile; run in its own JVM with Spark's {@code --add-opens} flags).
 * Settings as {@code shared/reference/peers/SparkPeers.java}: {@code local[2]}, rank, regParam,
 * implicitPrefs false, nonnegative false, coldStartStrategy drop, seed 0, default blocks, a
 * checkpoint directory (ALS checkpoints every 10 iterations). One
 * untimed warm-up fit, then one timed fit per maxIter. The objective is the ALS-WR one
 * ({@code mf_ref.py --reg weighted}) computed from Spark's factors.
 *
 * <p>Usage: {@code SparkAlsBench DIR RANK REGPARAM MAXITERS(comma-separated) [REPEATS]}; prints
 * {@code spark maxIter=N fit=SECONDS objective=O trainRmse=R testRmse=R} lines.
 */
public final class SparkAlsBench {
    private SparkAlsBench() {
    }

    public static void main(String[] a) throws IOException {
        String dir = a[0];
        int rank = Integer.parseInt(a[1]);
        double reg = Double.parseDouble(a[2]);
        String[] iters = a[3].split(",");
        int repeats = a.length > 4 ? Integer.parseInt(a[4]) : 1;
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("strads-mf-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            spark.sparkContext().setLogLevel("WARN");
            // as SparkPeers: without a checkpoint directory ALS cannot cut its lineage (checkpointInterval
            // 10) and deep fits die of StackOverflowError
            spark.sparkContext().setCheckpointDir(Files.createTempDirectory("strads-spark-ckpt").toString());
            System.out.printf(Locale.ROOT, "spark %s session start %.2f s%n", spark.version(), secs(t0));
            StructType schema = new StructType(new StructField[] {
                    new StructField("user", DataTypes.IntegerType, false, Metadata.empty()),
                    new StructField("item", DataTypes.IntegerType, false, Metadata.empty()),
                    new StructField("rating", DataTypes.FloatType, false, Metadata.empty())});
            t0 = System.nanoTime();
            Dataset<Row> train = spark.read().option("sep", "\t").schema(schema).csv(dir + "/train.tsv").cache();
            Dataset<Row> test = spark.read().option("sep", "\t").schema(schema).csv(dir + "/test.tsv").cache();
            System.out.printf(Locale.ROOT, "spark load+cache train=%d test=%d %.2f s%n", train.count(), test.count(), secs(t0));
            List<String> lines = Files.readAllLines(Path.of(dir, "train.tsv"));
            RegressionEvaluator ev = new RegressionEvaluator().setMetricName("rmse")
                    .setLabelCol("rating").setPredictionCol("prediction");
            t0 = System.nanoTime();
            als(rank, reg, 5).fit(train).userFactors().count();
            System.out.printf(Locale.ROOT, "spark warm-up fit (maxIter 5, untimed) %.2f s%n", secs(t0));
            for (int rep = 0; rep < repeats; rep++) {
                for (String it : iters) {
                    int maxIter = Integer.parseInt(it.trim());
                    t0 = System.nanoTime();
                    ALSModel model = als(rank, reg, maxIter).fit(train);
                    double fit = secs(t0);
                    double testRmse = ev.evaluate(model.transform(test));
                    double trainRmse = ev.evaluate(model.transform(train));
                    System.out.printf(Locale.ROOT, "spark maxIter=%d fit=%.3f objective=%.2f trainRmse=%.4f testRmse=%.4f%n",
                            maxIter, fit, objective(lines, model, reg), trainRmse, testRmse);
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static ALS als(int rank, double reg, int maxIter) {
        return new ALS().setRank(rank).setRegParam(reg).setMaxIter(maxIter).setImplicitPrefs(false)
                .setNonnegative(false).setColdStartStrategy("drop").setUserCol("user").setItemCol("item")
                .setRatingCol("rating").setSeed(0);
    }

    /** sum (r - u.v)^2 + reg * (sum_u n_u |u|^2 + sum_i n_i |v|^2), as mf_ref.py --reg weighted. */
    private static double objective(List<String> lines, ALSModel model, double reg) {
        Map<Integer, float[]> u = factors(model.userFactors());
        Map<Integer, float[]> v = factors(model.itemFactors());
        Map<Integer, Integer> nu = new HashMap<>();
        Map<Integer, Integer> ni = new HashMap<>();
        double sse = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            int user = Integer.parseInt(f[0]);
            int item = Integer.parseInt(f[1]);
            nu.merge(user, 1, Integer::sum);
            ni.merge(item, 1, Integer::sum);
            float[] a = u.get(user);
            float[] b = v.get(item);
            double p = 0;
            for (int k = 0; k < a.length; k++) {
                p += (double) a[k] * b[k];
            }
            double e = Double.parseDouble(f[2]) - p;
            sse += e * e;
        }
        double r2 = 0;
        for (Map.Entry<Integer, Integer> e : nu.entrySet()) {
            r2 += e.getValue() * norm2(u.get(e.getKey()));
        }
        for (Map.Entry<Integer, Integer> e : ni.entrySet()) {
            r2 += e.getValue() * norm2(v.get(e.getKey()));
        }
        return sse + reg * r2;
    }

    private static double norm2(float[] x) {
        double s = 0;
        for (float f : x) {
            s += (double) f * f;
        }
        return s;
    }

    private static Map<Integer, float[]> factors(Dataset<Row> df) {
        Map<Integer, float[]> m = new HashMap<>();
        for (Row row : df.collectAsList()) {
            List<Object> l = row.getList(1);
            float[] x = new float[l.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ((Number) l.get(i)).floatValue();
            }
            m.put(row.getInt(0), x);
        }
        return m;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
