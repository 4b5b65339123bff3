package org.strads4j.apps.lasso;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strads4j.api.JobSpec;
import org.strads4j.cli.ExecutionOptions;
import org.strads4j.cli.JobCommand;
import org.strads4j.cli.JobLauncher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code strads run lasso}: solve a Lasso problem from a LIBSVM file on an embedded cluster. */
@Command(name = "lasso", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Lasso, min_b 1/(2n)||y - Xb||^2 + lambda||b||_1 (no intercept), by STRADS scheduled coordinate descent.",
            "Rows are sharded over the nodes; coordinates are scheduled by priority (delta b_j)^2 + eta with a",
            "dependency filter (correlated coordinates never updated independently in one round); stops when the",
            "duality gap is at most --tolerance times the objective.",
            "Without --data it solves the bundled Amazon fine-food reviews set (4,000 x 3,070, sparse)."})
public final class LassoRunCommand implements Callable<Integer>, JobCommand {

    @Option(names = "--data", paramLabel = "FILE", description = "LIBSVM/svmlight file, plain or gzip: 'y idx:val ...', 1-based indices up to 536,870,912 (default: bundled finefoods_train.svm). The memory the job needs is checked before the run.")
    Path data;

    @ArgGroup(exclusive = true)
    Lambda lambda = new Lambda();

    static final class Lambda {
        @Option(names = "--lambda", paramLabel = "L", description = "Absolute L1 weight lambda (> 0).")
        Double absolute;

        @Option(names = "--lambda-ratio", paramLabel = "R", description = "lambda as a fraction of lambda_max = max|X^T y|/n (default: " + LassoOptions.DEFAULT_LAMBDA_RATIO + ").")
        Double ratio;
    }

    @Option(names = "--scheduler", paramLabel = "S", description = "priority | round-robin | random (default: ${DEFAULT-VALUE}).")
    String scheduler = "priority";

    @Option(names = "--block-size", paramLabel = "U", description = "Most coordinates updated per round (default: ${DEFAULT-VALUE}).")
    int blockSize = LassoOptions.DEFAULT_BLOCK_SIZE;

    @Option(names = "--candidates", paramLabel = "U'", description = "Candidates drawn per round before the dependency filter (default: 2 x block size).")
    Integer candidates;

    @Option(names = "--rho", paramLabel = "RHO", description = "Largest |column correlation| between coordinates updated independently in one round (default: ${DEFAULT-VALUE}).")
    double rho = LassoOptions.DEFAULT_RHO;

    @Option(names = "--max-group", paramLabel = "G", description = "Most correlated coordinates solved jointly in one group; 1 drops them instead, as in the STRADS paper (default: ${DEFAULT-VALUE}).")
    int maxGroup = LassoOptions.DEFAULT_MAX_GROUP;

    @Option(names = "--eta", paramLabel = "ETA", description = "Priority floor, as a fraction of the mean priority (default: ${DEFAULT-VALUE}).")
    double eta = LassoOptions.DEFAULT_ETA;

    @Option(names = "--active-set-max", paramLabel = "A", description = "Working sets: after each evaluation, screen out coordinates proved zero (Gap Safe) and solve the support plus the coordinates nearest to entering it, at most A in all, exactly on the coordinator, then evaluate; a support above A leaves the job to scheduled rounds; 0 = scheduled rounds only (default: ${DEFAULT-VALUE}).")
    int activeSetMax = LassoOptions.DEFAULT_ACTIVE_SET_MAX;

    @Option(names = "--path", paramLabel = "K", description = "Solve a regularisation path: K lambdas from lambda_max down to the requested lambda, evenly on a log scale, each warm-started from the last and certified by its own duality gap; writes path.jsonl (one line per lambda) beside coefficients.txt (the last lambda); 0 = the requested lambda alone (default: ${DEFAULT-VALUE}).")
    int path;

    @Option(names = "--max-rounds", paramLabel = "N", description = "Most rounds (default: ${DEFAULT-VALUE}).")
    long maxRounds = 1_000_000;

    @Option(names = "--tolerance", paramLabel = "T", description = "Stop when duality gap <= T x objective; 0 runs to --max-rounds (default: ${DEFAULT-VALUE}).")
    double tolerance = 1e-9;

    @Mixin
    ExecutionOptions exec;

    /** The job this command line describes. */
    @Override
    public JobSpec spec() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (data != null) {
            p.put("data", data.toString());
        }
        if (lambda.absolute != null) {
            p.put("lambda", lambda.absolute);
        }
        if (lambda.ratio != null) {
            p.put("lambdaRatio", lambda.ratio);
        }
        p.put("scheduler", scheduler);
        p.put("blockSize", blockSize);
        p.put("candidates", candidates == null ? 2 * blockSize : candidates);
        p.put("maxGroup", maxGroup);
        p.put("rho", rho);
        p.put("eta", eta);
        p.put("activeSetMax", activeSetMax);
        if (path != 0) {
            p.put("path", path);
        }
        return exec.spec("lasso", maxRounds, tolerance, 10).withParams(p);
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
