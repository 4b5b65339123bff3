package org.strads4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strads4j.api.BadInputException;

class LibsvmReaderTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path f = dir.resolve("data.svm");
        Files.writeString(f, text);
        return f;
    }

    /**
     * Rows of random lengths (some unsorted, some empty, one longer than a block) across many
     * blocks of the builder: the arrays are those of the rows as written, sorted within each row.
     */
    @Test
    void rowsAcrossBlockBoundariesComeBackExactly() throws IOException {
        java.util.Random rnd = new java.util.Random(11);
        StringBuilder text = new StringBuilder();
        java.util.List<int[]> rowCols = new java.util.ArrayList<>();
        int entries = 0;
        for (int i = 0; entries < 3 * LibsvmReader.Builder.MAX_BLOCK / 2; i++) {
            int len = i == 50 ? 3 * 4096 + 17 : rnd.nextInt(i % 7 == 0 ? 1 : 400);
            java.util.TreeSet<Integer> cols = new java.util.TreeSet<>();
            while (cols.size() < len) {
                cols.add(rnd.nextInt(50_000));
            }
            java.util.List<Integer> order = new java.util.ArrayList<>(cols);
            if (i % 3 == 0) {
                java.util.Collections.shuffle(order, rnd);
            }
            text.append(i);
            for (int c : order) {
                text.append(' ').append(c + 1).append(':').append(c % 97 + 0.5);
            }
            text.append('\n');
            rowCols.add(cols.stream().mapToInt(Integer::intValue).toArray());
            entries += len;
        }
        SparseRows r = LibsvmReader.read(file(text.toString()));
        assertEquals(rowCols.size(), r.rows());
        assertEquals(entries, r.nnz());
        assertEquals(entries, r.cols().length);
        for (int i = 0; i < r.rows(); i++) {
            int from = (int) r.rowPtr()[i];
            int[] got = java.util.Arrays.copyOfRange(r.cols(), from, (int) r.rowPtr()[i + 1]);
            assertArrayEquals(rowCols.get(i), got, "row " + i);
            assertEquals(i, r.labels()[i]);
            for (int k = 0; k < got.length; k++) {
                assertEquals(got[k] % 97 + 0.5, r.vals()[from + k], "row " + i);
            }
        }
    }

    @Test
    void theFastDecimalPathGivesExactlyWhatParseDoubleGives() {
        java.util.Random rnd = new java.util.Random(7);
        int fast = 0;
        for (int k = 0; k < 200_000; k++) {
            StringBuilder t = new StringBuilder();
            if (rnd.nextInt(3) == 0) {
                t.append(rnd.nextBoolean() ? '-' : '+');
            }
            int whole = rnd.nextInt(8);
            for (int i = 0; i < whole; i++) {
                t.append((char) ('0' + rnd.nextInt(10)));
            }
            if (rnd.nextInt(4) != 0) {
                t.append('.');
                int frac = rnd.nextInt(20);
                for (int i = 0; i < frac; i++) {
                    t.append((char) ('0' + rnd.nextInt(10)));
                }
            }
            if (rnd.nextInt(4) == 0) {
                t.append(rnd.nextBoolean() ? 'e' : 'E');
                if (rnd.nextBoolean()) {
                    t.append(rnd.nextBoolean() ? '-' : '+');
                }
                t.append(rnd.nextInt(40));
            }
            String tok = t.toString();
            double got = LibsvmReader.fastDecimal(tok, 0, tok.length());
            if (Double.isNaN(got)) {
                continue; // left to Double.parseDouble
            }
            fast++;
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(tok)), Double.doubleToRawLongBits(got), tok);
        }
        assertTrue(fast > 100_000, "most plain decimals take the fast path: " + fast);
        for (String tok : new String[] {"", ".", "-", "1e", "e5", "1.5x", "NaN", "Infinity", "0x1p3", "1d", "1e99999",
                "12345678901234567890"}) {
            assertTrue(Double.isNaN(LibsvmReader.fastDecimal(tok, 0, tok.length())), "not a plain short decimal: " + tok);
        }
        assertEquals(0.69314718, LibsvmReader.fastDecimal("x0.69314718", 1, 11), 0.0, "reads only its range");
    }

    @Test
    void readsRowsLabelsAndOneBasedIndices() throws IOException {
        SparseRows r = LibsvmReader.read(file("1.5 1:2 3:-4e-1\n# a comment line\n\n-2 qid:7 2:1 # trailing comment\n0\n"));
        assertEquals(3, r.rows());
        assertEquals(3, r.columns());
        assertArrayEquals(new double[] {1.5, -2, 0}, r.labels());
        assertArrayEquals(new long[] {0, 2, 3, 3}, r.rowPtr());
        assertArrayEquals(new int[] {0, 2, 1}, r.cols());
        assertArrayEquals(new double[] {2, -0.4, 1}, r.vals());
    }

    @Test
    void sortsIndicesGivenOutOfOrderAndHonoursMinimumColumns() throws IOException {
        SparseRows r = LibsvmReader.read(file("1 5:5 2:2 9:9\n"), 20);
        assertArrayEquals(new int[] {1, 4, 8}, r.cols());
        assertArrayEquals(new double[] {2, 5, 9}, r.vals());
        assertEquals(20, r.columns());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad label           | 1 1:1\\nabc 2:1\\n  | :2: bad label 'abc'",
        "missing colon       | 1 1:1 2\\n          | :1: bad feature '2'",
        "zero index          | 1 0:1\\n            | :1: bad feature index '0'",
        "negative index      | 1 -3:1\\n           | :1: bad feature index '-3'",
        "non-numeric index   | 1 x:1\\n            | :1: bad feature index 'x'",
        "bad value           | 1 1:1\\n1 4:zz\\n   | :2: bad value of feature 4 'zz'",
        "infinite value      | 1 1:Infinity\\n     | :1: bad value of feature 1 'Infinity' (not finite)",
        "NaN label           | NaN 1:1\\n          | :1: bad label 'NaN'",
        "repeated index      | 1 3:1 2:1 3:2\\n    | :1: feature index 3 appears twice",
        "repeated sorted     | 1 2:1 2:1\\n        | :1: feature index 2 appears twice",
    })
    void namesFileLineAndProblem(String name, String text, String expected) throws IOException {
        Path f = file(text.replace("\\n", "\n"));
        BadInputException e = assertThrows(BadInputException.class, () -> LibsvmReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected.trim()), "expected '" + expected.trim() + "' in: " + e.getMessage());
    }

    @Test
    void emptyAndMissingFilesAreErrors() throws IOException {
        Path empty = file("# only a comment\n\n");
        assertTrue(assertThrows(BadInputException.class, () -> LibsvmReader.read(empty)).getMessage()
                .contains("no data rows"));
        Path missing = dir.resolve("nope.svm");
        assertTrue(assertThrows(BadInputException.class, () -> LibsvmReader.read(missing)).getMessage()
                .contains("file not found"));
        assertTrue(assertThrows(BadInputException.class, () -> LibsvmReader.read(dir)).getMessage()
                .contains("directory"));
    }

    @Test
    void readsGzipWithOrWithoutTheGzName() throws IOException {
        for (String name : new String[] {"data.svm.gz", "data-gzipped.svm"}) {
            Path f = dir.resolve(name);
            Files.write(f, InputFilesTest.gzip("1 1:2 3:4\n-1 2:1\n"));
            SparseRows r = LibsvmReader.read(f);
            assertEquals(2, r.rows(), name);
            assertEquals(3, r.columns(), name);
            assertArrayEquals(new double[] {2, 4, 1}, r.vals(), name);
        }
    }

    @Test
    void textThatIsNotUtf8NamesTheLine() throws IOException {
        Path f = dir.resolve("latin1.svm");
        Files.write(f, "1 1:1\n2 2:1 # caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(f + ":2: not UTF-8 text",
                assertThrows(BadInputException.class, () -> LibsvmReader.read(f)).getMessage());
    }

    @Test
    void anIndexAboveTheMaximumIsRefusedWithItsLine() throws IOException {
        Path f = file("1 1:1\n1 2147483647:1.0\n");
        assertEquals(f + ":2: feature index 2147483647 is above the largest supported index, " + LibsvmReader.MAX_INDEX,
                assertThrows(BadInputException.class, () -> LibsvmReader.read(f)).getMessage());
        Path g = file("1 " + (LibsvmReader.MAX_INDEX + 1L) + ":1\n");
        assertThrows(BadInputException.class, () -> LibsvmReader.read(g));
        Path h = file("1 99999999999999999999:1\n");
        assertEquals(h + ":1: feature index 99999999999999999999 is above the largest supported index, "
                + LibsvmReader.MAX_INDEX, assertThrows(BadInputException.class, () -> LibsvmReader.read(h)).getMessage());
    }

    @Test
    void remembersTheLineOfTheLargestIndexWithoutAllocatingColumns() throws IOException {
        SparseRows r = LibsvmReader.read(file("1 1:1\n# note\n1 300000000:1.0\n1 5:1\n"));
        assertEquals(300_000_000, r.columns());
        assertEquals(3, r.widestLine());
        assertEquals(3, r.nnz());
        assertEquals(0, LibsvmReader.read(file("1\n2\n")).widestLine());
    }
}
