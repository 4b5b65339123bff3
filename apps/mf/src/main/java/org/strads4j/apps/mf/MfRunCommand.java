package org.strads4j.apps.mf;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.ExecutionOptions;
import org.strads4j.cli.JobCommand;
import org.strads4j.cli.JobLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code strads run mf}: CCD++ matrix factorisation on an embedded Ignite cluster.
 *
 * <pre>
 *   strads run mf                                  # the bundled synthetic ratings
 *   strads run mf --train train.tsv --test test.tsv --rank 10 --lambda 0.1 --reg weighted \
 *                 --iterations 20 --nodes 3 --out runs/mf
 * </pre>
 */
@Command(name = "mf", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Matrix factorisation by CCD++ (Yu et al., ICDM 2012): users and items split over the workers.",
                "Without --train: a bundled synthetic low-rank ratings set (1,000 users x 2,000 items, 80/20 split).",
                "Ratings files: 'user item rating' lines separated by tabs, commas, spaces or '::'",
                "(MovieLens ratings.csv, u.data and ratings.dat load as they are)."})
final class MfRunCommand implements Callable<Integer>, JobCommand {

    @Option(names = "--train", paramLabel = "FILE", description = "Training ratings, plain or gzip (default: the bundled synthetic set).")
    Path train;

    @Option(names = "--test", paramLabel = "FILE", description = "Test ratings, plain or gzip, for the test RMSE; those of users or items without training ratings are left out of it and counted (testRatingsUnseen).")
    Path test;

    @Option(names = "--rank", paramLabel = "K", description = "Factor rank (default: ${DEFAULT-VALUE}); at most 2,147,483,639 / max(users, items), and the memory the job needs is checked before the run.")
    int rank = MfOptions.DEFAULT_RANK;

    @Option(names = "--lambda", paramLabel = "L", description = "Regularisation weight (default: ${DEFAULT-VALUE}).")
    double lambda = MfOptions.DEFAULT_LAMBDA;

    @Option(names = "--reg", paramLabel = "plain|weighted",
            description = "plain: lambda(|W|^2+|H|^2) (CCD++/STRADS); weighted: each row/column's lambda times its"
                    + " rating count (ALS-WR, Spark's regParam) (default: ${DEFAULT-VALUE}).")
    String reg = MfOptions.DEFAULT_REG;

    @Option(names = "--iterations", paramLabel = "N", description = "Outer CCD++ iterations (default: ${DEFAULT-VALUE}).")
    int iterations = MfOptions.DEFAULT_ITERATIONS;

    @Option(names = "--inner", paramLabel = "T", description = "Inner iterations per feature (default: ${DEFAULT-VALUE}).")
    int inner = MfOptions.DEFAULT_INNER;

    @Mixin
    ExecutionOptions exec;

    /** The validated options. */
    MfOptions options() {
        return new MfOptions(train, test, rank, lambda, Regularizer.parse(reg), iterations, inner);
    }

    /**
     * The job spec of these options: one evaluation per outer iteration. {@code --device gpu} under
     * a schedule without CUDA kernels is refused here, before the device is looked for.
     */
    static JobSpec spec(MfOptions o, ExecutionOptions exec) {
        long perIteration = o.roundsPerIteration(exec.schedule);
        JobSpec spec = exec.spec("mf", o.iterations() * perIteration, 0.0, (int) perIteration)
                .withParams(o.toParams());
        MfApp.checkDevice(spec);
        return spec;
    }

    @Override
    public JobSpec spec() {
        return spec(options(), exec);
    }

    @Override
    public ExecutionOptions execution() {
        return exec;
    }

    @Override
    public Integer call() {
        return JobLauncher.runCommand(spec(), exec);
    }
}
