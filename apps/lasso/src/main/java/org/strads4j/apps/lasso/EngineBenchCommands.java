package org.strads4j.apps.lasso;

import org.strads4j.cli.AppCommands;

/** Registers {@code strads bench engine} (the engine's per-round overhead, measured on Lasso rounds). */
public final class EngineBenchCommands implements AppCommands {
    @Override
    public String name() {
        return "engine";
    }

    /** There is no {@code strads run engine}. */
    @Override
    public Object runCommand() {
        return null;
    }

    @Override
    public Object benchCommand() {
        return new EngineBenchCommand();
    }
}
