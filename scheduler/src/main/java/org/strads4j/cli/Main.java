package org.strads4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.engine.Versions;
import org.strads4j.io.ShutdownCleanup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code strads}: the command line. {@code strads run APP ...} runs a bundled app on an embedded
 * Ignite cluster; {@code strads bench APP ...} prints side-by-side figures; {@code strads apps}
 * lists the apps.
 *
 * <p>The output contract: stdout carries the result (for {@code run}, exactly one JSON document,
 * the summary); progress, notices, warnings and errors go to stderr. Errors have one of two
 * prefixes: {@code strads: error:} for bad input or options (exit 2, naming the file and line or
 * the option), {@code strads: failed:} for anything else (exit 1). A run stopped by SIGINT or
 * SIGTERM prints {@code strads: interrupted}, removes what it had started writing and exits with
 * 130 or 143.
 */
@Command(name = "strads", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Strads4J: scheduled model-parallel machine learning on Apache Ignite.",

        footerHeading = "%n",
        footer = {
            "Exit codes: 0 done; 2 bad input or options (the message names the file and line, or the option);",
            "  1 any other failure; 130/143 interrupted by SIGINT/SIGTERM (partial results are removed).",
            "Output: stdout carries only the result (run: one JSON summary); progress and messages go to stderr.",
            "Environment:",
            "  STRADS_JAVA_OPTS  extra JVM options for bin/strads, e.g. STRADS_JAVA_OPTS=-Xmx16g for a bigger heap",
            "  STRADS_SHARED     the shared reference data directory (default: ../shared beside the checkout)",
            "  STRADS_DEBUG=1    print the stack trace of a failure"})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    /** The full command tree, with every app's run and bench subcommands. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        CommandLine run = group("run", "Run an app on an embedded in-process Ignite cluster: strads run APP [options].");
        CommandLine bench = group("bench", "Benchmark an app beside the reference solvers: strads bench APP [options].");
        CommandLine submit = new CommandLine(new SubmitCommand());
        CommandLine compare = new CommandLine(new CompareCommand());
        List<Object> topLevel = new java.util.ArrayList<>();
        for (AppCommands a : ServiceLoader.load(AppCommands.class)) {
            topLevel.addAll(a.topLevelCommands());
            Object r = a.runCommand();
            if (r != null) {
                run.addSubcommand(a.name(), r);
            }
            Object s = a.runCommand();
            if (s instanceof JobCommand) {
                submit.addSubcommand(a.name(), s);
            }
            Object c = a.runCommand();
            if (c instanceof JobCommand) {
                compare.addSubcommand(a.name(), c);
            }
            Object b = a.benchCommand();
            if (b != null) {
                bench.addSubcommand(a.name(), b);
            }
        }
        cl.addSubcommand("run", run);
        cl.addSubcommand("submit", submit);
        cl.addSubcommand("compare", compare);
        cl.addSubcommand("bench", bench);
        cl.addSubcommand("node", new NodeCommand());
        cl.addSubcommand("status", new StatusCommand());
        cl.addSubcommand("cancel", new CancelCommand());
        cl.addSubcommand("fetch", new FetchCommand());
        cl.addSubcommand("libs", new LibsCommand());
        cl.addSubcommand("apps", new Apps());
        for (Object c : topLevel) {
            cl.addSubcommand(c);
        }
        cl.setExecutionStrategy(Main::execute);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ERROR + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl;
    }

    /**
     * Runs the parsed command; {@code submit APP ...} sends the job the app's run command describes
     * to a running cluster instead of running it here, and {@code compare APP ...} runs it under
     * every schedule the app supports ({@link CompareCommand}).
     */
    private static int execute(CommandLine.ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        CommandLine.ParseResult sub = parsed.subcommand();
        if (sub != null && sub.commandSpec().userObject() instanceof SubmitCommand submit && sub.subcommand() != null
                && sub.subcommand().commandSpec().userObject() instanceof JobCommand job) {
            CommandLine leaf = sub.subcommand().commandSpec().commandLine();
            try {
                return submit.submit(job, System.out, System.err);
            } catch (Exception | OutOfMemoryError e) {
                return ErrorHandler.report(e, leaf.getErr());
            }
        }
        if (sub != null && sub.commandSpec().userObject() instanceof CompareCommand compare && sub.subcommand() != null
                && sub.subcommand().commandSpec().userObject() instanceof JobCommand job) {
            CommandLine leaf = sub.subcommand().commandSpec().commandLine();
            try {
                return compare.compare(leaf.getCommandName(), job, System.out, System.err);
            } catch (Exception | OutOfMemoryError e) {
                return ErrorHandler.report(e, leaf.getErr());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static CommandLine group(String name, String description) {
        CommandLine cl = new CommandLine(new Group(name, description));
        cl.getCommandSpec().usageMessage().description(description);
        return cl;
    }

    /**
     * Runs the command line and exits with its code. While it runs, a signal prints
     * {@code strads: interrupted} before the clean-up ({@link ShutdownCleanup}) removes partial
     * results and stops the nodes.
     */
    public static void main(String[] args) {
        int code;
        try (ShutdownCleanup.Registration notice = ShutdownCleanup.register(ShutdownCleanup.Phase.NOTICE,
                "the interruption notice",
                () -> System.err.println((Progress.barOnScreen() ? "\n" : "") + "strads: interrupted"))) {
            code = execute(args);
        } catch (OutOfMemoryError e) {
            code = ErrorHandler.report(e, new PrintWriter(System.err, true));
        }
        System.out.flush();
        System.exit(code);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The prefix of every bad-input error (exit 2). */
    static final String ERROR = "strads: error: ";

    /** The prefix of every other failure (exit 1). */
    static final String FAILED = "strads: failed: ";

    /**
     * Bad input -> exit 2 with {@code strads: error: MESSAGE}; anything else -> exit 1 with
     * {@code strads: failed: MESSAGE} and its causes ({@code STRADS_DEBUG=1} adds the stack trace);
     * during an interruption, silence (the shutdown hook speaks).
     */
    static final class ErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            return report(ex, cl.getErr());
        }

        static int report(Throwable ex, PrintWriter err) {
            if (ShutdownCleanup.shuttingDown()) {
                return 130;
            }
            Throwable t = ex;
            while (t != null && !(t instanceof BadInputException)) {
                t = t.getCause();
            }
            if (t != null) {
                err.println(ERROR + t.getMessage());
                err.flush();
                return 2;
            }
            if (ex instanceof OutOfMemoryError || ex.getCause() instanceof OutOfMemoryError) {
                err.println(FAILED + "out of memory (the heap holds " + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MB; give the JVM more with STRADS_JAVA_OPTS=-Xmx16g, or use fewer --nodes)");
            } else {
                err.println(FAILED + message(ex));
                for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                    err.println("  caused by: " + message(c));
                }
            }
            if (System.getenv("STRADS_DEBUG") != null && !System.getenv("STRADS_DEBUG").isEmpty()
                    && !"0".equals(System.getenv("STRADS_DEBUG"))) {
                ex.printStackTrace(err);
            } else {
                err.println("  (STRADS_DEBUG=1 prints the stack trace)");
            }
            err.flush();
            return 1;
        }

        /** The message of a failure, or its kind when it has none. */
        private static String message(Throwable t) {
            String m = t.getMessage();
            String kind = t.getClass().getSimpleName();
            return m == null || m.isBlank() ? kind : m;
        }
    }

    /** A command whose subcommands are the apps (run, bench). */
    @Command(mixinStandardHelpOptions = true)
    static final class Group implements Callable<Integer> {
        private final String name;
        private final String description;
        @Spec
        CommandSpec spec;

        Group(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            cl.getErr().println("strads " + name + ": " + description + " Name an app: "
                    + String.join(", ", cl.getSubcommands().keySet()));
            cl.usage(cl.getErr());
            return 2;
        }
    }

    /** Lists the apps found on the class path. */
    @Command(name = "apps", description = "List the bundled apps.", mixinStandardHelpOptions = true)
    static final class Apps implements Callable<Integer> {
        @Override
        public Integer call() {
            for (App a : ServiceLoader.load(App.class)) {
                System.out.printf("%-8s %s%n", a.name(), a.description());
            }
            return 0;
        }
    }

    /** Version: Strads4J and the stack under it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return Versions.all().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .toArray(String[]::new);
        }
    }
}
