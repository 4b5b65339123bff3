package org.strads4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.strads4j.api.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code strads libs DIR}: copies the jars a stock Apache Ignite 2.17 distribution needs to run
 * Strads4J server nodes into its {@code libs/} directory: the Strads4J jars (framework, node
 * configurations, apps) and their dependencies that the distribution does not ship (Jackson, Guava,
 * picocli, ...). The distribution's own jars (ignite-*, spring-*, cache-api, annotations) are left
 * out. Existing files are never replaced: a jar already there with the same name and content is
 * skipped, one with other content is an error.
 */
@Command(name = "libs", mixinStandardHelpOptions = true,
        description = {"Copy the Strads4J jars into a stock Ignite 2.17 distribution's libs/.",
            "With them (and the dependencies the distribution lacks) in IGNITE_HOME/libs, servers start with",
            "IGNITE_HOME/bin/ignite.sh ignite-config/server.xml."})
public final class LibsCommand implements Callable<Integer> {
    /** Jars an Ignite 2.17 binary distribution has on its class path already (libs/, libs/ignite-spring/). */
    public static final List<String> SHIPPED_BY_IGNITE = List.of("ignite-", "spring-", "cache-api-", "annotations-");

    /** Test libraries, never needed by a server (they are on the class path when tests call this). */
    static final List<String> TEST_ONLY = List.of("junit-", "opentest4j-", "apiguardian-api-");

    @Parameters(index = "0", paramLabel = "DIR", description = "The distribution's libs/ directory (it must exist).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("Invalid DIR: " + dir + " (not a directory; name IGNITE_HOME/libs)");
        }
        int copied = 0;
        int present = 0;
        for (Path jar : jars()) {
            Path target = dir.resolve(jar.getFileName());
            if (Files.exists(target)) {
                if (Arrays.equals(Files.readAllBytes(target), Files.readAllBytes(jar))) {
                    present++;
                    continue;
                }
                throw new BadInputException("Invalid DIR: " + target + " exists with other content; remove it first"
                        + " (nothing was replaced)");
            }
            Path tmp = dir.resolve("." + jar.getFileName() + ".tmp");
            Files.copy(jar, tmp);
            Files.move(tmp, target);
            copied++;
        }
        System.err.printf("strads: %d jar(s) copied into %s, %d already there%n", copied, dir, present);
        return 0;
    }

    /** The jars of this JVM's class path that a stock distribution lacks. */
    static List<Path> jars() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (!name.endsWith(".jar") || !Files.isRegularFile(p)) {
                continue;
            }
            if (SHIPPED_BY_IGNITE.stream().noneMatch(name::startsWith) && TEST_ONLY.stream().noneMatch(name::startsWith)
                    && !name.endsWith("-tests.jar")) {
                out.add(p);
            }
        }
        return out;
    }
}
