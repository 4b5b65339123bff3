package org.strads4j.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strads4j.api.BadInputException;
import org.strads4j.api.JobSpec;
import org.strads4j.engine.JdkSerialization;
import org.strads4j.io.DataFiles;
import org.strads4j.io.Json;

/**
 * A job at a round boundary, whole: the coordinator's state object, every worker's state, the
 * parameter store's contents, and the engine's counters and metrics so far. Taken between rounds
 * with every commit applied; restoring it and running on gives what the uninterrupted job gave
 * (random draws depend on the seed and the round alone).
 *
 * <p>As bytes ({@link #toBytes()}): a magic line, a JSON header (job, app, round, the spec, the
 * inputs' fingerprint, and the payload's length and SHA-256), then the JDK-serialised payload, read
 * back only through {@link org.strads4j.engine.ClassFilter}. {@link #fromBytes} refuses truncated,
 * corrupted or foreign bytes with a message saying which.
 */
public final class Checkpoint implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] MAGIC = "STRADS4J-CHECKPOINT-1\n".getBytes(StandardCharsets.US_ASCII);

    private final String jobId;
    private final JobSpec spec;
    private final String inputs;
    private final long round;
    private final long updates;
    private final double seconds;
    private final boolean scheduleEmpty;
    private final ArrayList<LinkedHashMap<String, Object>> metrics;
    private final byte[] coordinatorState;
    private final byte[][] workerStates;
    private final byte[] params;
    private final long createdAt;

    /**
     * @param inputs           a fingerprint of the job's inputs ({@link #fingerprint}), so that a
     *                         resume on changed data is refused
     * @param coordinatorState the JDK serialisation of the app's coordinator state
     * @param workerStates     each worker's saved state; null at round 0, where the workers are as
     *                         their install (and any reinstall) makes them
     * @param params           the JDK serialisation of the parameter store's entries
     */
    public Checkpoint(String jobId, JobSpec spec, String inputs, long round, long updates, double seconds,
                      boolean scheduleEmpty, List<Map<String, Object>> metrics, byte[] coordinatorState,
                      byte[][] workerStates, byte[] params) {
        this.jobId = jobId;
        this.spec = spec;
        this.inputs = inputs;
        this.round = round;
        this.updates = updates;
        this.seconds = seconds;
        this.scheduleEmpty = scheduleEmpty;
        this.metrics = new ArrayList<>();
        for (Map<String, Object> row : metrics) {
            this.metrics.add(new LinkedHashMap<>(row));
        }
        this.coordinatorState = coordinatorState;
        this.workerStates = workerStates;
        this.params = params;
        this.createdAt = System.currentTimeMillis();
    }

    /** The inputs' fingerprint: their sha256s (bundled data included), in order. */
    public static String fingerprint(Map<String, Object> provenance) {
        Object inputs = provenance.get(DataFiles.INPUTS);
        if (inputs == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Object o : (List<?>) inputs) {
            String sha = o instanceof DataFiles.Input in ? in.sha256()
                    : o instanceof Map<?, ?> m ? String.valueOf(m.get("sha256")) : String.valueOf(o);
            b.append(sha).append(';');
        }
        return b.toString();
    }

    public String jobId() {
        return jobId;
    }

    public JobSpec spec() {
        return spec;
    }

    public String inputs() {
        return inputs;
    }

    /** The last committed round. */
    public long round() {
        return round;
    }

    public long updates() {
        return updates;
    }

    /** Solve seconds up to the checkpoint. */
    public double seconds() {
        return seconds;
    }

    public boolean scheduleEmpty() {
        return scheduleEmpty;
    }

    /** The metrics rows up to the checkpoint. */
    public List<Map<String, Object>> metrics() {
        return Collections.unmodifiableList(metrics);
    }

    public byte[] coordinatorState() {
        return coordinatorState;
    }

    /** Each worker's saved state, or null for a checkpoint at round 0 (the workers as installed). */
    public byte[][] workerStates() {
        return workerStates;
    }

    public byte[] params() {
        return params;
    }

    /** When it was taken, epoch milliseconds. */
    public long createdAt() {
        return createdAt;
    }

    /** The header a checkpoint file starts with (also written beside it as checkpoint.json). */
    Map<String, Object> header(byte[] payload) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("job", jobId);
        h.put("app", spec.app());
        h.put("round", round);
        h.put("createdAt", java.time.Instant.ofEpochMilli(createdAt).toString());
        h.put("payloadBytes", payload.length);
        h.put("payloadSha256", DataFiles.sha256(payload));
        h.put("inputs", inputs);
        h.put("spec", Json.mapper().convertValue(spec, Map.class));
        return h;
    }

    /** The checkpoint as bytes: magic, header length, JSON header, payload. */
    public byte[] toBytes() {
        byte[] payload = JdkSerialization.toBytes(this);
        byte[] header = Json.line(header(payload)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAGIC.length + 4 + header.length + payload.length);
        out.writeBytes(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(header.length).array());
        out.writeBytes(header);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * A checkpoint from {@link #toBytes()}; {@code source} names where the bytes came from in messages.
     *
     * @throws BadInputException when the bytes are not a checkpoint, are truncated or corrupted
     */
    public static Checkpoint fromBytes(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new BadInputException(source + ": not a Strads4J checkpoint");
        }
        int headerLength = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        long payloadStart = MAGIC.length + 4L + headerLength;
        if (headerLength <= 0 || payloadStart > bytes.length) {
            throw new BadInputException(source + ": truncated checkpoint (its header is incomplete)");
        }
        JsonNode header;
        try {
            header = Json.mapper().readTree(new String(bytes, MAGIC.length + 4, headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(source + ": corrupted checkpoint header (" + e.getMessage() + ")");
        }
        long expected = header.path("payloadBytes").asLong(-1);
        byte[] payload = Arrays.copyOfRange(bytes, (int) payloadStart, bytes.length);
        if (expected != payload.length) {
            throw new BadInputException(source + ": truncated checkpoint (" + payload.length + " of " + expected
                    + " payload bytes)");
        }
        if (!DataFiles.sha256(payload).equals(header.path("payloadSha256").asText())) {
            throw new BadInputException(source + ": corrupted checkpoint (its payload does not match its SHA-256)");
        }
        Object o;
        try {
            o = JdkSerialization.fromBytes(payload);
        } catch (RuntimeException e) {
            throw new BadInputException(source + ": unreadable checkpoint (" + e.getMessage() + ")");
        }
        if (!(o instanceof Checkpoint c)) {
            throw new BadInputException(source + ": not a Strads4J checkpoint (" + o.getClass().getName() + ")");
        }
        return c;
    }

    /** The JSON header of checkpoint bytes made by {@link #toBytes()}. */
    static String headerJson(byte[] bytes) {
        int headerLength = ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        return new String(bytes, MAGIC.length + 4, headerLength, StandardCharsets.UTF_8);
    }

    /** The entries of a parameter store, as {@link #params()} holds them. */
    @SuppressWarnings("unchecked")
    public LinkedHashMap<Long, Object> paramEntries() {
        return (LinkedHashMap<Long, Object>) JdkSerialization.fromBytes(params);
    }

    /** Encodes parameter store entries for a checkpoint. */
    public static byte[] encodeParams(LinkedHashMap<Long, Object> entries) {
        return JdkSerialization.toBytes(entries);
    }

    /**
     * Refuses to resume {@code spec} (reading inputs {@code fingerprint}) from this checkpoint unless
     * they are the checkpoint's job: same app, options, nodes and seed, same input data.
     */
    public void checkResumes(JobSpec other, String fingerprint, String source) {
        Map<?, ?> mine = Json.mapper().convertValue(spec, Map.class);
        Map<?, ?> theirs = Json.mapper().convertValue(other, Map.class);
        for (Object key : new java.util.TreeSet<Object>(keys(mine, theirs))) {
            if (key.equals("backups") || key.equals("checkpointEvery")) {
                continue;   // how the job is kept safe, not what it computes
            }
            Object a = mine.get(key);
            Object b = theirs.get(key);
            if (!java.util.Objects.equals(a, b)) {
                throw new BadInputException("Invalid --resume: " + source + " is a checkpoint of another job (" + key
                        + ": " + a + " there, " + b + " here)");
            }
        }
        if (!inputs.equals(fingerprint)) {
            throw new BadInputException("Invalid --resume: " + source + ": the job's input data changed since the"
                    + " checkpoint (its SHA-256 differs)");
        }
    }

    private static java.util.Set<Object> keys(Map<?, ?> a, Map<?, ?> b) {
        java.util.Set<Object> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    @Override
    public String toString() {
        return "Checkpoint[job=" + jobId + ", round=" + round + "]";
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
