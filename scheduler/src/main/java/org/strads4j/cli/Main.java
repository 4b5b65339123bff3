package org.strads4j.cli;

import java.io.PrintWriter;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.strads4j.api.App;
import org.strads4j.api.BadInputException;
import org.strads4j.engine.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code strads}: the command line. {@code strads run APP ...} runs a bundled app on an embedded
 * Ignite cluster; {@code strads bench APP ...} prints side-by-side figures; {@code strads apps}
 * lists the apps. Exit codes: 0 done, 2 bad input or options, 1 anything else.
 */
@Command(name = "strads", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Strads4J: scheduled model-parallel machine learning on Apache Ignite.",
        subcommands = {Main.Apps.class})
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
        for (AppCommands a : ServiceLoader.load(AppCommands.class)) {
            run.addSubcommand(a.name(), a.runCommand());
            Object b = a.benchCommand();
            if (b != null) {
                bench.addSubcommand(a.name(), b);
            }
        }
        cl.addSubcommand("run", run);
        cl.addSubcommand("bench", bench);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("strads: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl;
    }

    private static CommandLine group(String name, String description) {
        CommandLine cl = new CommandLine(new Group(name, description));
        cl.getCommandSpec().usageMessage().description(description);
        return cl;
    }

    public static void main(String[] args) {
        int code = execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Bad input -> exit 2 with the message; anything else -> exit 1 with the message and cause. */
    static final class ErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            PrintWriter err = cl.getErr();
            Throwable t = ex;
            while (t != null && !(t instanceof BadInputException)) {
                t = t.getCause();
            }
            if (t != null) {
                err.println("strads: error: " + t.getMessage());
                return 2;
            }
            err.println("strads: failed: " + ex);
            if (System.getenv("STRADS_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                Throwable c = ex.getCause();
                while (c != null) {
                    err.println("  caused by: " + c);
                    c = c.getCause();
                }
            }
            return 1;
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
