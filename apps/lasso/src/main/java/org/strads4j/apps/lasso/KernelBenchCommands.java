package org.strads4j.apps.lasso;

import org.strads4j.cli.AppCommands;

/** Registers {@code strads bench kernels} (the Lasso kernels, Java against CUDA). */
public final class KernelBenchCommands implements AppCommands {
    @Override
    public String name() {
        return "kernels";
    }

    /** There is no {@code strads run kernels}. */
    @Override
    public Object runCommand() {
        return null;
    }

    @Override
    public Object benchCommand() {
        return new KernelBenchCommand();
    }
}
