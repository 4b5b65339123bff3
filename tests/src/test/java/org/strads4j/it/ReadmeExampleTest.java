package org.strads4j.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example is the code of {@link ReadmeExample} (which MultiProcessTest runs
 * against a real cluster): the README must show it verbatim, so that the example a user copies
 * compiles and works.
 */
class ReadmeExampleTest {

    private static String normalised(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    @Test
    void theReadmeShowsTheTestedExample() throws Exception {
        Path root = Path.of(System.getProperty("strads.root", "..")).toAbsolutePath().normalize();
        String source = Files.readString(root.resolve("tests/src/test/java/org/strads4j/it/ReadmeExample.java"));
        String example = source.substring(source.indexOf("// README-EXAMPLE-BEGIN") + "// README-EXAMPLE-BEGIN".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(root.resolve("README.md"));
        assertTrue(normalised(readme).contains(normalised(example)),
                "README.md must show the example of ReadmeExample.java verbatim:\n" + example);
        for (String imp : source.lines().filter(l -> l.startsWith("import org.strads4j.") || l.startsWith("import org.apache"))
                .toList()) {
            assertTrue(readme.contains(imp), "README.md shows the example's import: " + imp);
        }
    }
}
