package org.strads4j.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code strads} in a JVM of its own, started the way bin/strads starts it (the same JVM flags and
 * logging configuration), for what only a separate process shows: signals, exit codes, and
 * everything Ignite prints. {@link #close()} kills the process if it is still running, so a failed
 * test never leaves one behind.
 */
final class StradsProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final List<String> errLines = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private StradsProcess(Process process) {
        this.process = process;
        this.outReader = pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                line -> out.append(line).append('\n'));
        this.errReader = pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                line -> {
                    synchronized (errLines) {
                        errLines.add(line);
                        errLines.notifyAll();
                    }
                });
    }

    /** Starts {@code strads ARGS} with {@code tmp} as the JVM's temporary directory. */
    static StradsProcess start(Path tmp, List<String> jvmOptions, String... args) throws IOException {
        return start(tmp, java.util.Map.of(), jvmOptions, args);
    }

    /** Starts {@code strads ARGS} with {@code tmp} as the JVM's temporary directory and extra environment. */
    static StradsProcess start(Path tmp, java.util.Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        Path root = Path.of(System.getProperty("strads.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + root.resolve("bin/jvm.options"));
        cmd.add("-Djava.util.logging.config.file=" + root.resolve("bin/logging.properties"));
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-Xmx1g");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.strads4j.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().remove("STRADS_DEBUG");
        pb.environment().putAll(env);
        return new StradsProcess(pb.start());
    }

    private static Thread pump(BufferedReader in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (in) {
                String line;
                while ((line = in.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "strads-process-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits up to {@code seconds} for a stderr line matching {@code p}; false if none came. */
    boolean awaitErrLine(Predicate<String> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (errLines) {
            while (true) {
                for (String l : errLines) {
                    if (p.test(l)) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && errReaderDone()) {
                    return false;
                }
                errLines.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    private boolean errReaderDone() {
        return !errReader.isAlive();
    }

    /** Sends {@code signal} (INT, TERM) to the process. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits for the exit code (at most {@code seconds}), then for the output readers. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("strads did not exit within " + seconds + " s; stderr:\n" + err());
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    /**
     * True when the process ignores {@code SIGINT} (bit 1 of {@code SigIgn} in /proc/PID/status): a
     * process started in the background by a non-interactive shell inherits that, and the JVM then
     * leaves SIGINT alone, as it should.
     */
    boolean ignoresSigint() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & 0b10) != 0;
            }
        }
        return false;
    }

    long pid() {
        return process.pid();
    }

    String out() {
        return out.toString();
    }

    String err() {
        synchronized (errLines) {
            return String.join("\n", errLines);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
