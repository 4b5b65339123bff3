package org.strads4j.apps.mf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;

class RatingsReaderTest {
    @TempDir
    Path tmp;

    private Ratings read(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return RatingsReader.read(f);
    }

    private void assertThree(Ratings r) {
        assertArrayEquals(new int[] {1, 1, 7}, r.users());
        assertArrayEquals(new int[] {31, 1029, 2}, r.items());
        assertArrayEquals(new double[] {2.5, 3.0, 4.0}, r.values());
    }

    @Test
    void readsMovieLensRatingsCsvWithItsHeader() throws IOException {
        assertThree(read("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n"
                + "7,2,4.0,1260759182\n"));
    }

    @Test
    void readsUdataTabs() throws IOException {
        assertThree(read("u.data", "1\t31\t2.5\t881250949\n1\t1029\t3\t891717742\n7\t2\t4\t878887116\n"));
    }

    @Test
    void readsRatingsDatDoubleColons() throws IOException {
        assertThree(read("ratings.dat", "1::31::2.5::978300760\n1::1029::3::978302109\n7::2::4::978301968\n"));
    }

    @Test
    void readsSpacesBlankLinesAndComments() throws IOException {
        assertThree(read("r.txt", "# user item rating\n1 31 2.5\n\n1   1029 3\n  7 2 4  \n"));
    }

    @Test
    void aBadLineNamesFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.tsv");
        Files.writeString(f, "1\t2\t3\n4\t5\n");
        BadInputException e = assertThrows(BadInputException.class, () -> RatingsReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
    }

    @Test
    void aFirstLineWithNumbersIsDataNotAHeader() throws IOException {
        Path f = tmp.resolve("first.tsv");
        Files.writeString(f, "abc\t2\t3\n1\t2\t3\n");
        assertEquals(f + ":1: user id 'abc' is not an integer",
                assertThrows(BadInputException.class, () -> RatingsReader.read(f)).getMessage());
    }

    @Test
    void nonIntegerIdsAreRejected() throws IOException {
        Path f = tmp.resolve("ids.tsv");
        Files.writeString(f, "1\t2\t3\n1.5\t2\t3\n");
        BadInputException e = assertThrows(BadInputException.class, () -> RatingsReader.read(f));
        assertEquals(f + ":2: user id '1.5' is not an integer", e.getMessage());
        Files.writeString(f, "1\tx7\t3\n");
        e = assertThrows(BadInputException.class, () -> RatingsReader.read(f));
        assertEquals(f + ":1: item id 'x7' is not an integer", e.getMessage());
    }

    @Test
    void badRatingsAndEmptyOrMissingFilesAreRejected() throws IOException {
        Path f = tmp.resolve("r.tsv");
        Files.writeString(f, "1\t2\tfive\n");
        assertEquals(f + ":1: rating 'five' is not a number",
                assertThrows(BadInputException.class, () -> RatingsReader.read(f)).getMessage());
        Files.writeString(f, "# nothing\n\n");
        assertEquals(f + ": no ratings found",
                assertThrows(BadInputException.class, () -> RatingsReader.read(f)).getMessage());
        Path missing = tmp.resolve("missing.tsv");
        assertEquals(missing + ": file not found",
                assertThrows(BadInputException.class, () -> RatingsReader.read(missing)).getMessage());
        assertEquals(tmp + ": is a directory, not a file",
                assertThrows(BadInputException.class, () -> RatingsReader.read(tmp)).getMessage());
    }

    @Test
    void readsGzipWithOrWithoutTheGzName() throws IOException {
        for (String name : new String[] {"u.data.gz", "u.data"}) {
            Path f = tmp.resolve(name);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write("1\t31\t2.5\n1\t1029\t3\n7\t2\t4\n".getBytes(StandardCharsets.UTF_8));
            }
            Files.write(f, bytes.toByteArray());
            assertThree(RatingsReader.read(f));
        }
    }

    @Test
    void textThatIsNotUtf8NamesFileAndLine() throws IOException {
        Path f = tmp.resolve("latin1.csv");
        Files.write(f, "userId,movieId,rating\n1,2,3\n1,3,4 # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(f + ":3: not UTF-8 text",
                assertThrows(BadInputException.class, () -> RatingsReader.read(f)).getMessage());
    }

    @Test
    void idsBeyondThirtyTwoBitsAreOutOfRangeAndLargeOnesCostNothing() throws IOException {
        Path f = tmp.resolve("big.tsv");
        Files.writeString(f, "1\t2\t3\n3000000000\t2\t3\n");
        assertEquals(f + ":2: user id 3000000000 is out of range (ids are 32-bit integers, -2147483648..2147483647)",
                assertThrows(BadInputException.class, () -> RatingsReader.read(f)).getMessage());
        Files.writeString(f, "2147483647\t2147483646\t3\n");
        MfData d = MfData.of(RatingsReader.read(f), null);
        assertEquals(1, d.users());
        assertEquals(1, d.items());
    }
}
