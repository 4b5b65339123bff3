package org.strads4j.apps.mf;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.strads4j.api.BadInputException;
import org.strads4j.io.InputFiles;
import org.strads4j.io.MemoryBudget;

/**
 * Reads {@code user item rating [anything else]} lines, the fields separated by tabs, commas,
 * spaces or {@code ::}. This covers MovieLens {@code ratings.csv} (its header line is skipped),
 * {@code u.data} (tabs) and {@code ratings.dat} ({@code ::}); trailing fields such as a timestamp
 * are ignored. Blank lines and lines starting with {@code #} are skipped, and so is a first line
 * none of whose fields is a number (a header). The file may be gzip-compressed, whatever its name.
 *
 * <p>Any other problem (a missing file, text that is not UTF-8, fewer than three fields, an id that
 * is not a 32-bit integer, a rating that is not a finite number, more ratings than fit in the heap)
 * is a {@link BadInputException} naming the file and line. Ids only name users and items: they are
 * mapped to dense indices ({@link MfData}), so a large id costs no memory.
 */
public final class RatingsReader {
    private RatingsReader() {
    }

    /** Reads {@code file} (plain or gzip); it must hold at least one rating. */
    public static Ratings read(Path file) {
        Lines r = new Lines(file);
        try (BufferedReader in = InputFiles.open(file)) {
            String line;
            String[] fields = new String[3];
            boolean seenData = false;
            while ((line = in.readLine()) != null) {
                r.lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                int found = split(s, fields);
                if (!seenData && isHeader(fields, found)) {
                    seenData = true;   // a header such as "userId,movieId,rating,timestamp"
                    continue;
                }
                seenData = true;
                if (found < 3) {
                    throw new BadInputException(file, r.lineNo, "expected 'user item rating', got '" + abbreviate(s) + "'");
                }
                r.add(parseId(fields[0], "user", file, r.lineNo), parseId(fields[1], "item", file, r.lineNo),
                        parseRating(fields[2], file, r.lineNo));
            }
        } catch (IOException e) {
            throw InputFiles.readError(file, r.lineNo + 1, e);
        }
        if (r.n == 0) {
            throw new BadInputException(file, "no ratings found");
        }
        return r.ratings();
    }

    /** The ratings read so far, in growing arrays; a growth that does not fit in the heap is bad input. */
    private static final class Lines {
        private static final int MAX_RATINGS = Integer.MAX_VALUE - 8;
        private final Path file;
        long lineNo;
        int n;
        int[] users = new int[1024];
        int[] items = new int[1024];
        double[] values = new double[1024];

        Lines(Path file) {
            this.file = file;
        }

        void add(int user, int item, double value) {
            if (n == users.length) {
                grow();
            }
            users[n] = user;
            items[n] = item;
            values[n] = value;
            n++;
        }

        private void grow() {
            if (n >= MAX_RATINGS) {
                throw new BadInputException(file, lineNo, "more than " + MAX_RATINGS + " ratings");
            }
            int capacity = (int) Math.min(MAX_RATINGS, 2L * n);
            try {
                users = Arrays.copyOf(users, capacity);
                items = Arrays.copyOf(items, capacity);
                values = Arrays.copyOf(values, capacity);
            } catch (OutOfMemoryError e) {
                throw MemoryBudget.doesNotFit(file, lineNo, n + " ratings read, growing to room for " + capacity);
            }
        }

        Ratings ratings() {
            try {
                return new Ratings(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(values, n),
                        file.toString());
            } catch (OutOfMemoryError e) {
                throw MemoryBudget.doesNotFit(file, lineNo, n + " ratings read");
            }
        }
    }

    /**
     * Splits {@code s} on runs of tabs, commas, spaces and {@code ::}, filling at most
     * {@code out.length} fields; returns how many fields the line has (up to {@code out.length}).
     */
    static int split(String s, String[] out) {
        int found = 0;
        int i = 0;
        int len = s.length();
        while (i < len && found < out.length) {
            while (i < len && isSeparator(s, i)) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int start = i;
            while (i < len && !isSeparator(s, i)) {
                i++;
            }
            out[found++] = s.substring(start, i);
        }
        return found;
    }

    private static boolean isSeparator(String s, int i) {
        char c = s.charAt(i);
        return c == '\t' || c == ',' || c == ' ' || c == ':';
    }

    /** A header line: none of its (first three) fields is a number. */
    private static boolean isHeader(String[] fields, int found) {
        for (int f = 0; f < found; f++) {
            try {
                Double.parseDouble(fields[f]);
                return false;
            } catch (NumberFormatException e) {
                // not a number: still possibly a header
            }
        }
        return true;
    }

    private static int parseId(String field, String what, Path file, long line) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            if (field.matches("[-+]?[0-9]+")) {
                throw new BadInputException(file, line, what + " id " + abbreviate(field)
                        + " is out of range (ids are 32-bit integers, -2147483648..2147483647)");
            }
            throw new BadInputException(file, line, what + " id '" + abbreviate(field) + "' is not an integer");
        }
    }

    private static double parseRating(String field, Path file, long line) {
        double v;
        try {
            v = Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new BadInputException(file, line, "rating '" + abbreviate(field) + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new BadInputException(file, line, "rating '" + field + "' is not finite");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
