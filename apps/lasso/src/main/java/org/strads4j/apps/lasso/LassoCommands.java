package org.strads4j.apps.lasso;

import org.strads4j.cli.AppCommands;

/** The Lasso app's {@code strads run lasso} and {@code strads bench lasso}. */
public final class LassoCommands implements AppCommands {
    @Override
    public String name() {
        return "lasso";
    }

    @Override
    public Object runCommand() {
        return new LassoRunCommand();
    }

    @Override
    public Object benchCommand() {
        return new LassoBenchCommand();
    }
}
