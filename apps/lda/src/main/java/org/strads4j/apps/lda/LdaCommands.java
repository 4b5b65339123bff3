package org.strads4j.apps.lda;

import org.strads4j.cli.AppCommands;

/** {@code strads run lda}, {@code strads bench lda} and {@code strads infer}. */
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

    @Override
    public java.util.List<Object> topLevelCommands() {
        return java.util.List.of(new LdaInferCommand());
    }
}
