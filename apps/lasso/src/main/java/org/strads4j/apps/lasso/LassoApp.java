package org.strads4j.apps.lasso;

import com.google.common.io.ByteStreams;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.io.DataFiles;
import org.strads4j.io.InputFiles;
import org.strads4j.io.LibsvmReader;
import org.strads4j.io.MemoryBudget;
import org.strads4j.io.SparseRows;
import org.strads4j.kernel.Device;
import org.strads4j.schedule.CoordinateSchedule;
import org.strads4j.schedule.InterferenceFilter;

/**
 * Lasso by scheduled model-parallel coordinate descent (STRADS; Lee et al., NIPS 2014):
 * {@code min_b 1/(2n) ||y - X b||^2 + lambda ||b||_1}, no intercept. Rows are sharded over the
 * workers, each keeping its part of the residual; the coordinator schedules coordinates by
 * priority with a dependency filter, aggregates the partial inner products into new
 * coefficients (held in an Ignite cache) and stops on the duality gap.
 */
public final class LassoApp implements App {
    /** The bundled data set: Amazon fine-food reviews, log(1+tf) features (see NOTICE beside it). */
    public static final String BUNDLED = "org/strads4j/apps/lasso/data/finefoods_train.svm";
    /** The bundled data set's name in provenance and messages ({@code bundled:finefoods_train.svm}). */
    static final String BUNDLED_NAME = "finefoods_train.svm";

    @Override
    public String name() {
        return "lasso";
    }

    @Override
    public String description() {
        return "L1-regularised least squares by scheduled coordinate descent (STRADS Lasso)";
    }

    @Override
    public boolean hasGpuKernels() {
        return true;
    }

    /** The evaluation's {@code X^T r} on dense shards, and dense working-set Gram blocks. */
    @Override
    public boolean hasBlasKernels() {
        return true;
    }

    /** Scheduled coordinate descent, FISTA (data-parallel), and Shotgun on a parameter server. */
    @Override
    public List<String> schedules() {
        return JobSpec.SCHEDULES;
    }

    @Override
    public Job plan(JobSpec spec) {
        checkSchedule(spec);
        LassoOptions o = LassoOptions.from(spec);
        Device device = Device.of(spec.params());
        if (!JobSpec.MODEL_PARALLEL.equals(spec.schedule())) {
            if (o.lambdas(1.0).length > 1) {
                throw new BadInputException("Invalid --path: " + o.lambdas(1.0).length + " (a path runs under"
                        + " model-parallel only; --schedule is " + spec.schedule() + ")");
            }
            if (device == Device.GPU || device == Device.BLAS) {
                throw new BadInputException("Invalid --device: " + device.option() + " (lasso's " + spec.schedule()
                        + " schedule has plain-Java kernels only)");
            }
        }
        if (JobSpec.MODEL_PARALLEL.equals(spec.schedule()) && spec.staleness() >= 60) {
            throw new BadInputException("Invalid --staleness: " + spec.staleness() + " (lasso keeps the last 64 commits"
                    + " to correct stale partials; use at most 59)");
        }
        Loaded loaded = load(o.data());
        checkMemory(loaded, spec.nodes(), spec.evalEvery());
        LassoData data = LassoData.of(loaded.rows());
        double lambdaMax = data.lambdaMax();
        if (!(lambdaMax > 0)) {
            throw new BadInputException("no usable signal in " + loaded.name() + ": max |x_j^T y| / n = 0 "
                    + "(all targets zero or all columns empty), so every lambda gives b = 0");
        }
        double[] lambdas = o.lambdas(lambdaMax);
        LassoModel model = new LassoModel(data.columns(), data.rows(), lambdas[0]);
        CoordinateSchedule coordinates = new CoordinateSchedule(o.scheduler(), data.columns(), o.blockSize(),
                o.candidates(), o.eta(), new InterferenceFilter(o.rho(), o.maxGroup(), data));
        LassoState state = new LassoState(data, model, coordinates, o.activeSetMax(), lambdas);
        LassoEvaluate evaluate = new LassoEvaluate(spec.tolerance(), o.targetObjective(), device);
        Job.Builder job = Job.builder(spec);
        switch (spec.schedule()) {
            case JobSpec.DATA_PARALLEL -> {
                state.fista = new DataParallelLasso.Fista(data.columns());
                job.shards(spec.nodes(), w -> data.shard(w, spec.nodes()))
                        .schedule(new DataParallelLasso.Schedule())
                        .update(new DataParallelLasso.Update(device))
                        .aggregate(new DataParallelLasso.Aggregate())
                        .evaluate(evaluate);
            }
            case JobSpec.PARAM_SERVER -> job.shards(ParamServerLasso.shards(data, spec.nodes()))
                    .update(new ParamServerLasso.Update(lambdas[0]))
                    .evaluate(new ParamServerLasso.Evaluate(evaluate));
            // shards made one at a time as they are deployed: never all held beside the coordinator's copy
            default -> job.shards(spec.nodes(), w -> data.shard(w, spec.nodes()))
                    .schedule(new LassoSchedule())
                    .update(new LassoUpdate(device))
                    .aggregate(new LassoAggregate(device))
                    .evaluate(evaluate);
        }
        return job.state(state)
                .results(new LassoResults(o, lambdaMax, data.columns()))
                .provenance("data", loaded.name())
                .provenance(DataFiles.INPUTS, List.of(loaded.input()))
                .provenance("rows", data.rows())
                .provenance("columns", data.columns())
                .provenance("nonzeros", data.nnz())
                .provenance("lambdaMax", lambdaMax)
                .provenance("nullObjective", data.nullObjective())
                .provenance("options", o.toMap())
                .build();
    }

    /**
     * Refuses, before the column form and the shards are built, a data set whose job would not fit
     * in the heap or in a node's data region. When the columns make most of the need, the message
     * names the line with the largest feature index.
     */
    static void checkMemory(Loaded loaded, int nodes, int evalEvery) {
        SparseRows rows = loaded.rows();
        LassoMemoryEstimate estimate = LassoMemoryEstimate.of(rows, nodes, evalEvery);
        // the rows as read are released once transposed, unless the coordinator keeps them
        long heap = LassoData.keepsRows(rows) ? estimate.heapBytes() : estimate.heapBytesReleasing(rowBytes(rows));
        String where = loaded.name();
        if (rows.widestLine() > 0 && 2 * estimate.columnBytes() >= heap) {
            where += ":" + rows.widestLine() + ": feature index " + rows.columns() + " makes "
                    + String.format(Locale.ROOT, "%,d", rows.columns()) + " columns;";
        } else {
            where += ":";
        }
        MemoryBudget.require(where + " the lasso job (" + estimate.describe() + ")", heap);
        MemoryBudget.requireNodeStoreFits(where + " a lasso worker's shard (" + estimate.describe() + ")",
                estimate.nodeStoreBytes(), "use more --nodes, so that each holds fewer rows");
    }

    /** Heap bytes of the rows as read: targets, row offsets, column indices and values. */
    static long rowBytes(SparseRows rows) {
        return MemoryBudget.doubles(rows.rows()) + MemoryBudget.longs(rows.rows() + 1L) + MemoryBudget.ints(rows.nnz())
                + MemoryBudget.doubles(rows.nnz());
    }

    /** The rows of a data set, the name used in messages and its input record. */
    record Loaded(SparseRows rows, String name, DataFiles.Input input) {
    }

    /** Reads {@code file}, or the bundled data set when it is null. */
    static Loaded load(Path file) {
        if (file == null) {
            byte[] bytes = bundledBytes();
            Path name = Path.of(DataFiles.BUNDLED + BUNDLED_NAME);
            try (BufferedReader in = InputFiles.open(new ByteArrayInputStream(bytes))) {
                SparseRows rows = LibsvmReader.read(in, name, 0);
                return new Loaded(rows, name.toString(), DataFiles.bundled(BUNDLED_NAME, bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SparseRows rows = LibsvmReader.read(file);
        return new Loaded(rows, file.toString(), DataFiles.input(file));
    }

    private static byte[] bundledBytes() {
        try (InputStream in = LassoApp.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled data missing from the class path: " + BUNDLED);
            }
            return ByteStreams.toByteArray(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
