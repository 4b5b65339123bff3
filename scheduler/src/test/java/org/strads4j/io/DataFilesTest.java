package org.strads4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strads4j.api.BadInputException;

class DataFilesTest {
    /** SHA-256 of the three bytes "abc" (FIPS 180-2, appendix B.1). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void anInputRecordIsAbsolutePathSizeAndSha256() throws IOException {
        Path f = dir.resolve("abc.txt");
        Files.writeString(f, "abc");
        DataFiles.Input in = DataFiles.input(f);
        assertEquals(new DataFiles.Input(f.toAbsolutePath().normalize().toString(), 3, ABC), in);
        assertEquals(new DataFiles.Input("bundled:x/abc", 3, ABC),
                DataFiles.bundled("x/abc", "abc".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(BadInputException.class, () -> DataFiles.input(dir.resolve("missing")));
    }

    @Test
    void inputsAreWrittenAsJsonObjectsWithPathBytesAndSha256() throws IOException {
        Path f = dir.resolve("abc.txt");
        Files.writeString(f, "abc");
        JsonNode p = Json.mapper().readTree(Json.pretty(Map.of(DataFiles.INPUTS, List.of(DataFiles.input(f)))));
        JsonNode first = p.get("inputs").get(0);
        assertEquals(f.toAbsolutePath().normalize().toString(), first.get("path").asText());
        assertEquals(3, first.get("bytes").asLong());
        assertEquals(ABC, first.get("sha256").asText());
        assertEquals(3, first.size());
    }
}
