package org.strads4j.cli;

/**
 * The command-line face of an app, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.strads4j.cli.AppCommands}). Each method returns a picocli
 * {@code @Command} object: {@code strads run NAME ...} and {@code strads bench NAME ...}.
 */
public interface AppCommands {

    /** The app's name, as on the command line. */
    String name();

    /**
     * The {@code run} subcommand (a picocli command object, usually a {@code Callable<Integer>}), or
     * {@code null} when the app has none. When it implements {@link JobCommand}, the same command
     * also serves {@code strads submit NAME}.
     */
    Object runCommand();

    /** The {@code bench} subcommand, or {@code null} when the app has none. */
    Object benchCommand();

    /**
     * Commands of the app at the top level ({@code strads infer}), each a picocli {@code @Command}
     * object named by its annotation; none unless overridden.
     */
    default java.util.List<Object> topLevelCommands() {
        return java.util.List.of();
    }
}
