package org.strads4j.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Shards and plugins travel and rest as JDK-serialised bytes: Ignite 2.x's binary marshaller
 * cannot read Java records ("can't get field offset on a record class"), and app authors should
 * be free to write their shards and plugins as records.
 */
public final class JdkSerialization {
    private JdkSerialization() {
    }

    /** The JDK serialisation of {@code value}. */
    public static byte[] toBytes(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(value, bytes);
        return bytes.toByteArray();
    }

    /**
     * Writes the JDK serialisation of {@code value} to {@code sink} (which it closes): for a large
     * value, such as a shard, with no array of its whole serialisation on the heap.
     */
    public static void write(Serializable value, java.io.OutputStream sink) {
        try (ObjectOutputStream out = new ObjectOutputStream(sink)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getName(), e);
        }
    }

    /** Reads what {@link #toBytes} wrote; only classes {@link ClassFilter} allows are built. */
    public static Object fromBytes(byte[] bytes) {
        return fromBytes(bytes, null);
    }

    /** Reads what {@link #write} or {@link #toBytes} wrote from {@code source}, which it closes. */
    public static Object read(InputStream source) {
        return read(source, null);
    }

    private static Object fromBytes(byte[] bytes, java.util.List<Object> inputs) {
        return read(new ByteArrayInputStream(bytes), inputs);
    }

    private static Object read(InputStream source, java.util.List<Object> inputs) {
        ClassFilter filter = ClassFilter.get();
        String[] refused = new String[1];
        try (ObjectInputStream in = new LoaderAwareInput(source, inputs)) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = filter.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                    refused[0] = info.serialClass().getName();
                }
                return status;
            });
            return in.readObject();
        } catch (java.io.InvalidClassException e) {
            String name = refused[0] != null ? refused[0] : e.classname;
            throw new SecurityException("refused to deserialise " + name + ": not a Strads4J, app or JDK value"
                    + " class (" + e.getMessage() + ")", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot deserialise a shard, plugin or state: " + e, e);
        }
    }

    /**
     * The JDK serialisation of a coordinator state for a checkpoint: every {@link
     * org.strads4j.api.JobInput} it reaches is written as a reference, numbered in the order met.
     */
    public static byte[] toBytesWithoutInputs(Serializable state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputReplacingOutput out = new InputReplacingOutput(bytes)) {
            out.writeObject(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + state.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #toBytesWithoutInputs} wrote, taking the inputs from {@code planned}
     * (the state the job was planned with, whose inputs are met in the same order).
     */
    public static Object fromBytesWithInputs(byte[] bytes, Serializable planned) {
        java.util.List<Object> inputs;
        try (InputReplacingOutput collect = new InputReplacingOutput(java.io.OutputStream.nullOutputStream())) {
            collect.writeObject(planned);
            inputs = collect.met;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the planned state " + planned.getClass().getName(), e);
        }
        return fromBytes(bytes, inputs);
    }

    /** A reference to the n-th job input met while a state was written. */
    record InputRef(int index) implements Serializable {
    }

    private static final class InputReplacingOutput extends ObjectOutputStream {
        final java.util.List<Object> met = new java.util.ArrayList<>();
        private final java.util.IdentityHashMap<Object, InputRef> refs = new java.util.IdentityHashMap<>();

        InputReplacingOutput(java.io.OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj instanceof org.strads4j.api.JobInput) {
                return refs.computeIfAbsent(obj, o -> {
                    met.add(o);
                    return new InputRef(met.size() - 1);
                });
            }
            return obj;
        }
    }

    /** Resolves classes with the context class loader first (apps may sit on a child loader). */
    private static final class LoaderAwareInput extends ObjectInputStream {
        private final java.util.List<Object> inputs;

        LoaderAwareInput(InputStream in, java.util.List<Object> inputs) throws IOException {
            super(in);
            this.inputs = inputs;
            if (inputs != null) {
                enableResolveObject(true);
            }
        }

        @Override
        protected Object resolveObject(Object obj) throws IOException {
            if (obj instanceof InputRef ref) {
                if (inputs == null || ref.index() >= inputs.size()) {
                    throw new java.io.InvalidObjectException("a checkpoint refers to job input " + ref.index()
                            + ", which the planned job does not have");
                }
                return inputs.get(ref.index());
            }
            return obj;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl != null) {
                try {
                    return Class.forName(desc.getName(), false, cl);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution below
                }
            }
            return super.resolveClass(desc);
        }
    }
}
