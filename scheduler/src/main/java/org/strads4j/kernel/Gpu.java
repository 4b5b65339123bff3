package org.strads4j.kernel;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.strads4j.api.BadInputException;

/**
 * This JVM's CUDA device, through JCuda's driver API: found once by a probe that never throws
 * (without a driver, JCuda's first touch is an {@link UnsatisfiedLinkError}; see STACK.md), then
 * shared by every kernel of every worker on the node through the device's primary context.
 *
 * <p>Kernels are CUDA C kept in the repository ({@code src/main/resources/cuda/NAME.cu}). The build
 * compiles each to PTX with nvcc where it is installed ({@code cuda/NAME.ptx} beside it in the jar);
 * otherwise the node compiles the source with the nvcc it finds ({@code $CUDA_HOME/bin},
 * {@code /usr/local/cuda/bin} or the PATH) into a temporary directory it removes. The driver
 * JIT-compiles the PTX for the device.
 */
public final class Gpu {
    private static final Object LOCK = new Object();
    private static volatile Probe probe;
    private static final Map<String, CUmodule> MODULES = new ConcurrentHashMap<>();

    /** What the probe found: a device (and its context), or why there is none. */
    private record Probe(CUcontext context, String description, String whyNot) {
    }

    private Gpu() {
    }

    private static Probe probe() {
        Probe p = probe;
        if (p == null) {
            synchronized (LOCK) {
                p = probe;
                if (p == null) {
                    p = find();
                    probe = p;
                }
            }
        }
        return p;
    }

    /** Looks for device 0; never throws. {@code -Dstrads.gpu=off} hides any device (tests, mixed clusters). */
    private static Probe find() {
        String setting = System.getProperty("strads.gpu", "");
        if ("off".equalsIgnoreCase(setting)) {
            return new Probe(null, null, "switched off with -Dstrads.gpu=off");
        }
        // JCuda unpacks its native library into the temporary directory on first touch: look for
        // the driver first, so a machine without one is left as it was (-Dstrads.gpu=on skips this).
        if (!"on".equalsIgnoreCase(setting) && !driverInstalled()) {
            return new Probe(null, null, "no NVIDIA driver on this node (libcuda.so.1 not found)");
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = new int[1];
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                return new Probe(null, null, "the CUDA driver reports no device");
            }
            CUdevice dev = new CUdevice();
            cuDeviceGet(dev, 0);
            byte[] name = new byte[256];
            cuDeviceGetName(name, name.length, dev);
            long[] mem = new long[1];
            cuDeviceTotalMem(mem, dev);
            CUcontext ctx = new CUcontext();
            cuDevicePrimaryCtxRetain(ctx, dev);
            String n = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
            return new Probe(ctx, String.format(java.util.Locale.ROOT, "%s, %.0f GiB", n, mem[0] / 1073741824.0), null);
        } catch (LinkageError e) {
            String m = String.valueOf(e.getMessage());
            return new Probe(null, null, m.contains("libcuda.so")
                    ? "no NVIDIA driver on this node (libcuda.so.1 cannot be loaded)"
                    : "JCuda's native library cannot be loaded: " + m.lines().findFirst().orElse(m));
        } catch (RuntimeException e) {
            return new Probe(null, null, "CUDA could not start: " + e.getMessage());
        }
    }

    /** Whether libcuda.so.1 is in LD_LIBRARY_PATH or a standard library directory. */
    private static boolean driverInstalled() {
        List<String> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib",
                "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/wsl/lib", "/usr/local/cuda/compat"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.exists(Path.of(d, "libcuda.so.1"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this node has a usable CUDA device. Never throws. */
    public static boolean available() {
        return probe().context() != null;
    }

    /** The device (name, memory), or null without one. */
    public static String device() {
        return probe().description();
    }

    /** Why this node has no usable device, or null when it has one. */
    public static String whyNot() {
        return probe().whyNot();
    }

    /** Refuses {@code --device gpu} on a node without a usable device: bad input, exit 2. */
    public static void require() {
        if (!available()) {
            throw new BadInputException("Invalid --device: gpu (" + whyNot() + "; --device auto uses the CPU kernels)");
        }
    }

    /** Makes the device's primary context current on the calling thread (workers run on pool threads). */
    public static void use() {
        cuCtxSetCurrent(probe().context());
    }

    /** Function {@code function} of module {@code name} (see the class comment), loaded once per node. */
    public static CUfunction function(String name, String function) {
        use();
        CUmodule module = MODULES.computeIfAbsent(name, Gpu::load);
        CUfunction f = new CUfunction();
        cuModuleGetFunction(f, module, function);
        return f;
    }

    private static CUmodule load(String name) {
        byte[] ptx = resource("cuda/" + name + ".ptx");
        if (ptx == null) {
            byte[] source = resource("cuda/" + name + ".cu");
            if (source == null) {
                throw new IllegalStateException("no CUDA kernel source cuda/" + name + ".cu on the class path");
            }
            ptx = compile(name, source);
        }
        byte[] terminated = java.util.Arrays.copyOf(ptx, ptx.length + 1);
        CUmodule m = new CUmodule();
        cuModuleLoadData(m, terminated);
        return m;
    }

    private static byte[] resource(String path) {
        try (InputStream in = Gpu.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** Compiles CUDA C to PTX with nvcc, in a temporary directory removed afterwards. */
    static byte[] compile(String name, byte[] source) {
        String nvcc = nvcc();
        if (nvcc == null) {
            throw new IllegalStateException("the kernels of cuda/" + name + ".cu were not compiled at build time and"
                    + " no nvcc was found (CUDA_HOME, /usr/local/cuda/bin, PATH) to compile them now");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("strads-nvcc-");
            Path cu = Files.write(dir.resolve(name + ".cu"), source);
            Path ptx = dir.resolve(name + ".ptx");
            List<String> cmd = new ArrayList<>(List.of(nvcc, "-ptx", "-O3", "-arch=compute_75", cu.toString(), "-o",
                    ptx.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("nvcc failed on cuda/" + name + ".cu: " + out);
            }
            return Files.readAllBytes(ptx);
        } catch (IOException e) {
            throw new IllegalStateException("cannot compile cuda/" + name + ".cu: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling cuda/" + name + ".cu", e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary directory we made; the OS cleans it otherwise
                }
            }
        }
    }

    private static String nvcc() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("CUDA_HOME");
        if (home != null) {
            candidates.add(Path.of(home, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    candidates.add(Path.of(d, "nvcc"));
                }
            }
        }
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c.toString();
            }
        }
        return null;
    }

    /** Device memory of {@code bytes} (at least 8) in the current context; the caller frees it. */
    public static jcuda.driver.CUdeviceptr alloc(long bytes) {
        jcuda.driver.CUdeviceptr d = new jcuda.driver.CUdeviceptr();
        JCudaDriver.cuMemAlloc(d, Math.max(bytes, 8));
        return d;
    }

    /** A copy of {@code a} in new device memory ({@link #alloc}). */
    public static jcuda.driver.CUdeviceptr upload(int[] a) {
        jcuda.driver.CUdeviceptr d = alloc((long) a.length * jcuda.Sizeof.INT);
        if (a.length > 0) {
            JCudaDriver.cuMemcpyHtoD(d, jcuda.Pointer.to(a), (long) a.length * jcuda.Sizeof.INT);
        }
        return d;
    }

    /** A copy of {@code a} in new device memory ({@link #alloc}). */
    public static jcuda.driver.CUdeviceptr upload(double[] a) {
        jcuda.driver.CUdeviceptr d = alloc((long) a.length * jcuda.Sizeof.DOUBLE);
        if (a.length > 0) {
            JCudaDriver.cuMemcpyHtoD(d, jcuda.Pointer.to(a), (long) a.length * jcuda.Sizeof.DOUBLE);
        }
        return d;
    }
}
