package org.strads4j.apps.mf;

import java.util.List;
import org.strads4j.api.App;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.io.DataFiles;

/**
 * Collaborative-filtering matrix factorisation by CCD++ (Yu, Hsieh, Si and Dhillon, ICDM 2012)
 * under the model-parallel schedule: minimises
 * {@code sum_(i,j) (a_ij - w_i . h_j)^2 + lambda * (sum_i c_i |w_i|^2 + sum_j c_j |h_j|^2)} by
 * rank-one updates of one feature at a time on the residual. Users are cut into row blocks and
 * items into column blocks, one of each per worker; the ratings are held twice (by row block and by
 * column block) with their residuals.
 *
 * <p>Planning reads and checks the data (or generates the bundled synthetic set) before any node
 * starts. Parameters ({@link MfOptions#toParams()}): {@code train}, {@code test}, {@code rank},
 * {@code lambda}, {@code reg}, {@code iterations}, {@code inner}. The spec's {@code maxRounds}
 * should be {@code iterations * 2 * rank * inner} (the command line sets it so).
 */
public final class MfApp implements App {
    /** Share of the bundled synthetic ratings held out as the test set. */
    static final double SYNTHETIC_TEST_SHARE = 0.2;

    @Override
    public String name() {
        return "mf";
    }

    @Override
    public String description() {
        return "Matrix factorisation (collaborative filtering) by CCD++, rows and columns split over the workers";
    }

    @Override
    public Job plan(JobSpec spec) {
        MfOptions o = MfOptions.from(spec);
        Ratings train;
        Ratings test;
        String dataSource;
        if (o.train() == null) {
            SyntheticRatings gen = SyntheticRatings.bundled();
            Ratings[] split = gen.generate(SYNTHETIC_TEST_SHARE);
            train = split[0];
            test = split[1];
            dataSource = gen.describe() + ", test share " + SYNTHETIC_TEST_SHARE;
        } else {
            train = RatingsReader.read(o.train());
            test = o.test() == null ? null : RatingsReader.read(o.test());
            dataSource = o.train() + (o.test() == null ? "" : " + " + o.test());
        }
        MfData data = MfData.of(train, test);
        return plan(spec, o, data, dataSource);
    }

    /** Plans {@code data} (already read) under {@code spec}; tests call this directly. */
    static Job plan(JobSpec spec, MfOptions o, MfData data, String dataSource) {
        double[] h0 = data.initialItemFactors(o.rank(), spec.seed());
        List<MfShard> shards = List.of(data.shards(spec.nodes(), h0));
        Job.Builder b = Job.builder(spec)
                .shards(shards)
                .schedule(new MfSchedule(o.rank(), o.inner()))
                .update(new MfUpdate(o.rank(), o.lambda(), o.reg()))
                .aggregate(new MfAggregate(o.rank(), data.users(), data.items(), h0))
                .evaluate(new MfEvaluate(o.rank(), o.lambda(), o.reg(), data.trainSize(), o.roundsPerIteration()))
                .results(new MfResults(o, data))
                .provenance("algorithm", "CCD++ (Yu, Hsieh, Si, Dhillon, ICDM 2012), W = 0, H ~ N(0, 0.1^2) from the seed")
                .provenance("data", dataSource)
                .provenance("users", data.users())
                .provenance("items", data.items())
                .provenance("trainRatings", data.trainSize())
                .provenance("testRatings", data.testSize())
                .provenance("rank", o.rank())
                .provenance("lambda", o.lambda())
                .provenance("reg", o.reg().label())
                .provenance("innerIterations", o.inner())
                .provenance("roundsPerIteration", o.roundsPerIteration());
        if (o.train() != null) {
            b.provenance("trainSha256", DataFiles.sha256(o.train()));
        }
        if (o.test() != null) {
            b.provenance("testSha256", DataFiles.sha256(o.test()));
        }
        return b.build();
    }
}
