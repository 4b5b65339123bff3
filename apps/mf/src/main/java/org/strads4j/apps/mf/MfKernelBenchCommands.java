package org.strads4j.apps.mf;

import org.strads4j.cli.AppCommands;

/** Registers {@code strads bench mf-kernels} (MF's kernels: CCD++ Java against CUDA, ALS Java against ND4J). */
public final class MfKernelBenchCommands implements AppCommands {
    @Override
    public String name() {
        return "mf-kernels";
    }

    /** There is no {@code strads run mf-kernels}. */
    @Override
    public Object runCommand() {
        return null;
    }

    @Override
    public Object benchCommand() {
        return new MfKernelBenchCommand();
    }
}
