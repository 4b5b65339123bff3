package org.strads4j.apps.mf;

import org.strads4j.cli.AppCommands;

/** The command line of the MF app: {@code strads run mf} and {@code strads bench mf}. */
public final class MfCommands implements AppCommands {
    @Override
    public String name() {
        return "mf";
    }

    @Override
    public Object runCommand() {
        return new MfRunCommand();
    }

    @Override
    public Object benchCommand() {
        return new MfBenchCommand();
    }
}
