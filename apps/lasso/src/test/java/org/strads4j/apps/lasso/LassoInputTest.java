package org.strads4j.apps.lasso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;
import org.strads4j.api.Job;
import org.strads4j.api.JobSpec;
import org.strads4j.io.DataFiles;
import org.strads4j.io.MemoryBudget;
import org.strads4j.io.SparseRows;

/** What Lasso planning does with its input: gzip, provenance of the files read, sizes it refuses. */
class LassoInputTest {
    @TempDir
    Path dir;

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Job plan(Path data, int nodes) {
        JobSpec spec = JobSpec.defaults("lasso").withNodes(nodes);
        if (data != null) {
            spec = spec.withParams(Map.of("data", data.toString()));
        }
        return new LassoApp().plan(spec);
    }

    @Test
    void gzipDataIsReadAndRecordedAsOneInputWithItsBytesAndHash() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write("1 1:1 2:0.5\n-1 2:1 3:1\n0.5 1:0.2 3:-1\n".getBytes(StandardCharsets.UTF_8));
        }
        Path f = dir.resolve("train.svm");             // gzip content, no .gz name
        Files.write(f, gz.toByteArray());
        Job job = plan(f, 2);
        assertEquals(3, job.provenance().get("rows"));
        assertEquals(3, job.provenance().get("columns"));
        assertEquals(List.of(new DataFiles.Input(f.toAbsolutePath().normalize().toString(), gz.size(),
                sha256(gz.toByteArray()))), job.provenance().get("inputs"));
        assertFalse(job.provenance().containsKey("dataSha256"));
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) job.provenance().get("options");
        assertEquals(f.toString(), options.get("data"));
        assertEquals("priority", options.get("scheduler"));
        assertEquals(LassoOptions.DEFAULT_BLOCK_SIZE, options.get("blockSize"));
        assertEquals(0.01, (Double) options.get("lambdaRatio"), 0.0);
        assertTrue(job.warnings().isEmpty());
    }

    @Test
    void theBundledDataSetIsAnInputToo() throws Exception {
        byte[] bytes;
        try (InputStream in = LassoApp.class.getClassLoader().getResourceAsStream(LassoApp.BUNDLED)) {
            bytes = in.readAllBytes();
        }
        Job job = plan(null, 1);
        assertEquals(List.of(new DataFiles.Input("bundled:finefoods_train.svm", bytes.length, sha256(bytes))),
                job.provenance().get("inputs"));
        assertEquals("bundled:finefoods_train.svm", job.provenance().get("data"));
    }

    @Test
    void aFeatureIndexAboveTheReaderLimitIsRefusedWithItsLine() throws IOException {
        Path f = dir.resolve("huge.svm");
        Files.writeString(f, "1 2147483647:1.0\n");
        BadInputException e = assertThrows(BadInputException.class, () -> plan(f, 1));
        assertEquals(f + ":1: feature index 2147483647 is above the largest supported index, 536870912", e.getMessage());
    }

    @Test
    void aFeatureIndexTooWideForTheHeapIsRefusedBeforeAllocatingWithItsLine() throws IOException {
        Path f = dir.resolve("wide.svm");
        Files.writeString(f, "2 1:1\n1 300000000:1.0\n");
        long needed = LassoMemoryEstimate.of(new SparseRows(2, 300_000_000, new double[2], new long[] {0, 1, 2},
                new int[0], new double[0], 2), 1, 10).heapBytes();
        assumeTrue(needed > Runtime.getRuntime().maxMemory(), "a heap this large would run the job");
        BadInputException e = assertThrows(BadInputException.class, () -> plan(f, 1));
        String expected = f + ":2: feature index 300000000 makes 300,000,000 columns; the lasso job (2 rows,"
                + " 300,000,000 columns, 2 nonzeros, 1 node) needs about " + MemoryBudget.format(MemoryBudget.withHeadroom(needed))
                + " of heap";
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(e.getMessage().contains("STRADS_JAVA_OPTS=-Xmx"), e.getMessage());
    }

    @Test
    void theEstimateCountsEveryWorkersColumnsAndTheShardsOffHeap() {
        SparseRows narrow = rows(4, 1_000, 40_000_000L);
        SparseRows wide = rows(4, 100_000_000, 40_000_000L);
        LassoMemoryEstimate one = LassoMemoryEstimate.of(narrow, 1, 10);
        LassoMemoryEstimate four = LassoMemoryEstimate.of(narrow, 4, 10);
        // 40 M nonzeros: 12 bytes each in the shards, twice (job and worker), 12 more by column
        assertTrue(one.heapBytes() > 3 * 12 * 40_000_000L, "" + one.heapBytes());
        assertTrue(LassoMemoryEstimate.of(wide, 4, 10).heapBytes() - four.heapBytes()
                > 4 * 2 * 4L * (100_000_000 - 1_000), "every worker's column offsets and evaluation partials");
        assertTrue(LassoMemoryEstimate.of(wide, 1, 10).columnBytes() * 2 > LassoMemoryEstimate.of(wide, 1, 10).heapBytes());
        assertTrue(one.columnBytes() * 2 < one.heapBytes());
        // one shard of 40 M nonzeros is 480 MB: more than a node's data region takes; a quarter fits
        assertTrue(one.nodeStoreBytes() > MemoryBudget.MAX_NODE_STORE_BYTES);
        assertTrue(four.nodeStoreBytes() < MemoryBudget.MAX_NODE_STORE_BYTES);
    }

    /**
     * Shards are deployed a chunk at a time, so the estimate counts one shard made beside the
     * workers' copies (not five, as when a whole serialised shard was built in one array); rows
     * released after the transposition give their room to the rest of the job, but never below
     * what the column form needs beside them.
     */
    @Test
    void theEstimateCountsOneShardBeingDeployedAndTheRowsReleased() {
        long nnz = 40_000_000L;
        LassoMemoryEstimate one = LassoMemoryEstimate.of(rows(4, 1_000, nnz), 1, 10);
        // 12 bytes a nonzero: the coordinator's columns, the worker's copy, the shard being deployed
        assertTrue(one.heapBytes() < 4 * 12 * nnz, "" + one.heapBytes());
        SparseRows rows = rows(4, 1_000, nnz);
        long rowBytes = LassoApp.rowBytes(rows);
        assertTrue(rowBytes >= 12 * nnz);
        assertEquals(one.heapBytes() - rowBytes, one.heapBytesReleasing(rowBytes));
        LassoMemoryEstimate small = LassoMemoryEstimate.of(rows(4, 1_000, 1_000), 1, 10);
        long columnForm = MemoryBudget.ints(1_001) + MemoryBudget.ints(1_000) + MemoryBudget.doubles(1_000)
                + MemoryBudget.doubles(4);
        assertEquals(columnForm, small.heapBytesReleasing(Long.MAX_VALUE / 2));
    }

    /** Row counts only: {@code n} rows sharing {@code nnz} nonzeros evenly (the estimate reads no entries). */
    private static SparseRows rows(int n, int columns, long nnz) {
        long[] ptr = new long[n + 1];
        for (int i = 1; i <= n; i++) {
            ptr[i] = nnz * i / n;
        }
        return new SparseRows(n, columns, new double[n], ptr, new int[0], new double[0], 1);
    }
}
