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
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #toBytes} wrote; only classes {@link ClassFilter} allows are built. */
    public static Object fromBytes(byte[] bytes) {
        ClassFilter filter = ClassFilter.get();
        String[] refused = new String[1];
        try (ObjectInputStream in = new LoaderAwareInput(new ByteArrayInputStream(bytes))) {
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

    /** Resolves classes with the context class loader first (apps may sit on a child loader). */
    private static final class LoaderAwareInput extends ObjectInputStream {
        LoaderAwareInput(InputStream in) throws IOException {
            super(in);
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
