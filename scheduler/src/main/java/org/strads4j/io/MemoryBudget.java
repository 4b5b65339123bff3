package org.strads4j.io;

import java.nio.file.Path;
import java.util.Locale;
import org.strads4j.api.BadInputException;

/**
 * Checks, before an app allocates its big structures, that they fit: in the JVM heap (every node
 * of the embedded cluster runs in this one JVM, so every worker's copy counts) and, for a shard,
 * in the off-heap data region of the node that stores it.
 *
 * <pre>{@code
 * long bytes = MyEstimate.bytes(rows, columns, nnz, nodes);     // what is still to be allocated
 * MemoryBudget.require(file + ": the lasso job (" + rows + " rows, ...)", bytes);
 * // -> "data.svm: the lasso job (...) needs about 9.6 GB of heap, but only 2.9 GB of the 3.0 GB
 * //     maximum is free; raise the maximum with STRADS_JAVA_OPTS=-Xmx12g"
 * }</pre>
 *
 * <p>The array helpers ({@link #ints}, {@link #doubles}, ...) give the heap size of a Java array
 * on a 64-bit HotSpot JVM with compressed references: a 16-byte header and the elements, rounded
 * up to 8 bytes.
 */
public final class MemoryBudget {
    /**
     * The most bytes the default data region of one embedded node may hold ({@code maxSize} in the
     * embedded node configuration, {@code ignite-config/embedded.xml} with what it imports); a
     * worker's shard is stored there, serialised, and the job's parameters.
     */
    public static final long DATA_REGION_BYTES = 512L << 20;
    /**
     * The most a job may store on one node: its worker's shard (serialised) and its share of the
     * parameters. The rest of the region is left to Ignite's own pages. A node whose region
     * overflows halts the whole JVM (IgniteOutOfMemoryException is a critical failure), so this
     * is checked before anything is stored.
     */
    public static final long MAX_NODE_STORE_BYTES = DATA_REGION_BYTES * 3 / 4;
    /**
     * The heap one embedded Ignite server node keeps besides the job's data: about 10 MB live
     * after start (measured: 15 MB for 1 node, 31 MB for 3, 62 MB for 8, less 4 MB before start),
     * with room for its message buffers.
     */
    public static final long NODE_BYTES = 16L << 20;
    /**
     * How many of a job's recent messages to another node Ignite keeps on the heap until that
     * node acknowledges them (the communication SPI's recovery buffer): measured, up to 15 per
     * connection when every round sends a large message, 7 or 8 when one round in 10 or 100 does.
     */
    public static final int RETAINED_MESSAGES = 16;
    /**
     * How much more heap than its live data a job needs: the garbage collector (G1) wants free
     * regions to copy into and contiguous ones for large arrays; with less, a job spends its time
     * collecting or fails a large allocation. Measured: a Lasso job of 405 MB live data failed at
     * -Xmx420m and ran at -Xmx480m.
     */
    public static final double COLLECTOR_HEADROOM = 1.25;

    private static final long GB = 1L << 30;
    private static final long MB = 1L << 20;
    private static final long ARRAY_HEADER = 16;

    private MemoryBudget() {
    }

    /**
     * Refuses to go on when {@code bytes} more cannot be allocated in this JVM's heap.
     *
     * @param what  who needs it and for what, with {@code file:line} or the option when one is to
     *              blame, such as {@code "Invalid --rank: 100000 (the mf job ..."}
     * @param bytes the heap still to be allocated
     * @throws BadInputException "{@code what} needs about X of heap, but only Y of the Z maximum is
     *                           free; raise the maximum with STRADS_JAVA_OPTS=-XmxNg"
     */
    public static void require(String what, long bytes) {
        String problem = shortfall(bytes);
        if (problem != null) {
            throw new BadInputException(what + " " + problem);
        }
    }

    /**
     * Null when {@code bytes} more live data fit in the heap, with {@link #COLLECTOR_HEADROOM};
     * otherwise the sentence that says how much is needed, how much there is and how to raise
     * it. When the first look says no, garbage is collected once and the heap looked at again, so
     * that garbage left by reading the input does not count.
     */
    public static String shortfall(long bytes) {
        long needed = withHeadroom(bytes);
        Runtime rt = Runtime.getRuntime();
        if (needed <= free(rt)) {
            return null;
        }
        System.gc();
        long free = free(rt);
        if (needed <= free) {
            return null;
        }
        return shortfall(needed, free, rt.maxMemory());
    }

    /** {@code bytes} of live data with the collector's headroom. */
    public static long withHeadroom(long bytes) {
        return bytes >= (long) (Long.MAX_VALUE / COLLECTOR_HEADROOM) ? Long.MAX_VALUE : (long) (bytes * COLLECTOR_HEADROOM);
    }

    /**
     * The sentence of {@link #shortfall(long)} for {@code bytes} needed (headroom included) in a
     * heap of {@code max} bytes with {@code free} free; the suggested maximum is what is in use
     * plus what is needed, rounded up to a whole GB.
     */
    static String shortfall(long bytes, long free, long max) {
        double inUse = max - free;
        long suggested = (long) Math.max(1, Math.ceil((bytes + inUse) / GB));
        return "needs about " + format(bytes) + " of heap, but only " + format(free) + " of the " + format(max)
                + " maximum is free; raise the maximum with STRADS_JAVA_OPTS=-Xmx" + suggested + "g";
    }

    /**
     * Refuses a job that would store more on one node than its off-heap data region can hold.
     *
     * @param what  what is stored, of which job, with {@code file:line} or the option to blame,
     *              such as {@code "data.svm: worker 0's shard"}
     * @param bytes what one node stores: the largest shard, serialised, and its share of the
     *              parameters
     * @param hint  what the user can change, such as {@code "use more --nodes"}
     */
    public static void requireNodeStoreFits(String what, long bytes, String hint) {
        if (bytes > MAX_NODE_STORE_BYTES) {
            throw new BadInputException(what + " takes about " + format(bytes) + " off-heap on its node, more than the "
                    + format(MAX_NODE_STORE_BYTES) + " a job may store in a node's " + format(DATA_REGION_BYTES)
                    + " data region (ignite-config/embedded.xml); " + hint);
        }
    }

    /**
     * The error of a reader whose growing arrays met the end of the heap at line {@code line}:
     * {@code file:line: the data does not fit in the heap (detail; the maximum heap is 3.0 GB;
     * raise it with STRADS_JAVA_OPTS=-Xmx6g)}. Readers catch {@link OutOfMemoryError} where they
     * grow and throw this instead.
     */
    public static BadInputException doesNotFit(Path file, long line, String detail) {
        long max = Runtime.getRuntime().maxMemory();
        long suggested = Math.max(2, (long) Math.ceil(2.0 * max / GB));
        return new BadInputException(file, line, "the data does not fit in the heap (" + detail
                + "; the maximum heap is " + format(max) + "; raise it with STRADS_JAVA_OPTS=-Xmx" + suggested + "g)");
    }

    /** Heap still free: the maximum less what is in use. */
    private static long free(Runtime rt) {
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Bytes in human units: "812 MB", "3.7 GB". */
    public static String format(long bytes) {
        if (bytes >= GB) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) GB);
        }
        if (bytes >= MB) {
            return String.format(Locale.ROOT, "%d MB", Math.max(1, Math.round(bytes / (double) MB)));
        }
        return String.format(Locale.ROOT, "%d KB", Math.max(1, Math.round(bytes / 1024.0)));
    }

    /** Heap bytes of an {@code int[n]} (also {@code float[n]}, or {@code n} compressed references). */
    public static long ints(long n) {
        return array(n, 4);
    }

    /** Heap bytes of a {@code double[n]} (also {@code long[n]}). */
    public static long doubles(long n) {
        return array(n, 8);
    }

    /** Heap bytes of a {@code long[n]}. */
    public static long longs(long n) {
        return array(n, 8);
    }

    /** Heap bytes of a {@code byte[n]} or {@code boolean[n]}. */
    public static long bytes(long n) {
        return array(n, 1);
    }

    /** Heap bytes of an array of {@code n} references (compressed). */
    public static long references(long n) {
        return array(n, 4);
    }

    private static long array(long n, int width) {
        long raw = saturatedAdd(ARRAY_HEADER, saturatedMultiply(n, width));
        return raw >= Long.MAX_VALUE - 8 ? Long.MAX_VALUE : (raw + 7) & ~7L;
    }

    /** {@code a * b}, or {@code Long.MAX_VALUE} when it overflows (both non-negative). */
    public static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /** {@code a + b}, or {@code Long.MAX_VALUE} when it overflows (both non-negative). */
    public static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
