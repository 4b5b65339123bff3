package org.strads4j.apps.mf;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.strads4j.api.BadInputException;

/**
 * Reads {@code user item rating [anything else]} lines, the fields separated by tabs, commas,
 * spaces or {@code ::}. This covers MovieLens {@code ratings.csv} (its header line is skipped),
 * {@code u.data} (tabs) and {@code ratings.dat} ({@code ::}); trailing fields such as a timestamp
 * are ignored. Blank lines and lines starting with {@code #} are skipped, and so is a first line
 * none of whose fields is a number (a header).
 *
 * <p>Any other problem (a missing file, fewer than three fields, an id that is not an integer, a
 * rating that is not a finite number) is a {@link BadInputException} naming the file and line.
 */
public final class RatingsReader {
    private RatingsReader() {
    }

    /** Reads {@code file}; it must hold at least one rating. */
    public static Ratings read(Path file) {
        int[] users = new int[1024];
        int[] items = new int[1024];
        double[] values = new double[1024];
        int n = 0;
        long lineNo = 0;
        boolean seenData = false;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            String[] fields = new String[3];
            while ((line = in.readLine()) != null) {
                lineNo++;
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
                    throw new BadInputException(file, lineNo, "expected 'user item rating', got '" + abbreviate(s) + "'");
                }
                if (n == users.length) {
                    users = Arrays.copyOf(users, 2 * n);
                    items = Arrays.copyOf(items, 2 * n);
                    values = Arrays.copyOf(values, 2 * n);
                }
                users[n] = parseId(fields[0], "user", file, lineNo);
                items[n] = parseId(fields[1], "item", file, lineNo);
                values[n] = parseRating(fields[2], file, lineNo);
                n++;
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new BadInputException(file, "no ratings found");
        }
        return new Ratings(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(values, n),
                file.toString());
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
