package org.strads4j.apps.lda;

import org.strads4j.cli.AppCommands;

/** {@code strads run lda} and {@code strads bench lda}. */
public final class LdaCommands implements AppCommands {
    @Override
    public String name() {
        return LdaApp.NAME;
    }

    @Override
    public Object runCommand() {
        return new LdaRunCommand();
    }

    @Override
    public Object benchCommand() {
        return new LdaBenchCommand();
    }
}
