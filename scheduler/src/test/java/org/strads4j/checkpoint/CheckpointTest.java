package org.strads4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;
import org.strads4j.engine.JdkSerialization;
import org.strads4j.io.DataFiles;
import org.strads4j.io.Json;

/**
 * Checkpoint files: a round trip keeps every field; truncated, corrupted, foreign and crafted bytes
 * are refused as bad input naming the file and the problem; a checkpoint resumes only its own job.
 */
class CheckpointTest {
    private static final String MAGIC = "STRADS4J-CHECKPOINT-1\n";

    private static Checkpoint sample() {
        LinkedHashMap<Long, Object> params = new LinkedHashMap<>();
        params.put(3L, 0.25);
        params.put(7L, -1.5);
        return new Checkpoint("job-1", JobSpec.defaults("lasso").withNodes(2).withSeed(5), "abc;", 12, 340, 1.5,
                false, List.of(Map.of("round", 12, "objective", 0.5)), JdkSerialization.toBytes(42),
                new byte[][] {{1, 2}, {3}}, Checkpoint.encodeParams(params));
    }

    @Test
    void roundTripKeepsEveryField(@TempDir Path dir) {
        Checkpoint c = sample();
        CheckpointDirectory.forWriting(dir.resolve("ck")).write(c);
        Checkpoint back = CheckpointDirectory.read(dir.resolve("ck"));
        assertEquals("job-1", back.jobId());
        assertEquals(c.spec(), back.spec());
        assertEquals(12, back.round());
        assertEquals(340, back.updates());
        assertEquals(1.5, back.seconds());
        assertEquals(42, JdkSerialization.fromBytes(back.coordinatorState()));
        assertArrayEquals(new byte[] {3}, back.workerStates()[1]);
        assertEquals(Map.of(3L, 0.25, 7L, -1.5), back.paramEntries());
        assertEquals(12, ((Number) back.metrics().get(0).get("round")).intValue());
        assertTrue(Files.exists(dir.resolve("ck").resolve(CheckpointDirectory.HEADER)));
        try (var files = Files.list(dir.resolve("ck"))) {
            assertEquals(2, files.count(), "no temporary files left beside the checkpoint");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyTruncationIsRefusedByName() {
        byte[] bytes = sample().toBytes();
        for (int len = 0; len < bytes.length; len += Math.max(1, len / 3)) {
            byte[] cut = Arrays.copyOf(bytes, len);
            BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.fromBytes(cut, "ck.strads"),
                    "length " + len);
            assertTrue(e.getMessage().startsWith("ck.strads: "), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a Strads4J checkpoint")
                    || e.getMessage().contains("corrupted checkpoint header"), len + ": " + e.getMessage());
        }
    }

    @Test
    void flippedBytesAreRefusedByName() {
        byte[] bytes = sample().toBytes();
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            byte[] bad = bytes.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            try {
                Checkpoint c = Checkpoint.fromBytes(bad, "ck.strads");
                // a flip inside the JSON header that leaves it valid JSON with the same payload
                // checks (a letter of the spec, say) can only change the descriptive header
                assertEquals(12, c.round());
            } catch (BadInputException e) {
                assertTrue(e.getMessage().startsWith("ck.strads: "), e.getMessage());
            }
        }
        byte[] payloadFlip = bytes.clone();
        payloadFlip[bytes.length - 10] ^= 0x40;
        assertTrue(assertThrows(BadInputException.class, () -> Checkpoint.fromBytes(payloadFlip, "ck.strads"))
                .getMessage().contains("does not match its SHA-256"));
    }

    @Test
    void foreignFilesAreNotCheckpoints(@TempDir Path dir) throws IOException {
        for (byte[] b : List.of(new byte[0], "x 1:2\n".getBytes(StandardCharsets.UTF_8),
                JdkSerialization.toBytes(sample()))) {
            assertTrue(assertThrows(BadInputException.class, () -> Checkpoint.fromBytes(b, "f"))
                    .getMessage().contains("not a Strads4J checkpoint"));
        }
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> CheckpointDirectory.read(empty))
                .getMessage().contains("checkpoint.strads is missing"));
    }

    @Test
    void aHugeHeaderLengthIsRefused() {
        byte[] bytes = sample().toBytes();
        ByteBuffer.wrap(bytes, MAGIC.length(), 4).putInt(Integer.MAX_VALUE - 3);
        assertTrue(assertThrows(BadInputException.class, () -> Checkpoint.fromBytes(bytes, "ck"))
                .getMessage().contains("truncated"));
    }

    /** A crafted file whose checksums hold but whose payload is a class outside the filter. */
    @Test
    void aCraftedPayloadOfAForeignClassIsRefusedBeforeItIsBuilt() {
        byte[] payload = JdkSerialization.toBytes((Serializable) ImmutableList.of(1, 2));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("payloadBytes", payload.length);
        header.put("payloadSha256", DataFiles.sha256(payload));
        byte[] h = Json.line(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length() + 4 + h.length + payload.length);
        b.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(h.length).put(h).put(payload);
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.fromBytes(b.array(), "ck"));
        assertTrue(e.getMessage().contains("refused to deserialise com.google.common.collect"), e.getMessage());
    }

    @Test
    void aCheckpointResumesOnlyItsOwnJob() {
        Checkpoint c = sample();
        c.checkResumes(c.spec().withBackups(2).withCheckpointEvery(7), "abc;", "ck");
        BadInputException other = assertThrows(BadInputException.class,
                () -> c.checkResumes(c.spec().withSeed(6), "abc;", "ck"));
        assertTrue(other.getMessage().contains("another job (seed: 5 there, 6 here)"), other.getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> c.checkResumes(JobSpec.defaults("mf").withNodes(2)
                .withSeed(5), "abc;", "ck")).getMessage().contains("another job (app"));
        assertTrue(assertThrows(BadInputException.class, () -> c.checkResumes(c.spec(), "abd;", "ck"))
                .getMessage().contains("input data changed"));
    }
}
