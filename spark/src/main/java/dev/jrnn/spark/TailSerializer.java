package dev.jrnn.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * The serializer of the shuffle of tails by series: its records are series ids and {@link SeriesTail}s,
 * each written as a tag byte and its own bytes (an id as its length and UTF-8 bytes, a tail as its
 * written form, {@link SeriesTail#write}), instead of Java serialization's class descriptors, handles
 * and reflective reads per record. Whatever the session's serializer: Kryo's field serializer would
 * bypass the tail's own form. Anything else is refused by name.
 */
final class TailSerializer extends Serializer implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int ID = 1;
    private static final int TAIL = 2;

    @Override
    public SerializerInstance newInstance() {
        return new Instance();
    }

    private static final class Instance extends SerializerInstance {
        @Override
        public <T> ByteBuffer serialize(T t, ClassTag<T> tag) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            serializeStream(bytes).writeObject(t, tag).close();
            return ByteBuffer.wrap(bytes.toByteArray());
        }

        @Override
        public <T> T deserialize(ByteBuffer bytes, ClassTag<T> tag) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            return deserializeStream(new ByteArrayInputStream(copy)).readObject(tag);
        }

        @Override
        public <T> T deserialize(ByteBuffer bytes, ClassLoader loader, ClassTag<T> tag) {
            return deserialize(bytes, tag);
        }

        @Override
        public SerializationStream serializeStream(OutputStream s) {
            return new Writer(new DataOutputStream(s));
        }

        @Override
        public DeserializationStream deserializeStream(InputStream s) {
            return new Reader(new DataInputStream(s));
        }
    }

    private static final class Writer extends SerializationStream {
        private final DataOutputStream out;
        /** One tail's written form at a time: one array for all the tails a stream writes. */
        private byte[] scratch = new byte[0];

        Writer(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public <T> SerializationStream writeObject(T t, ClassTag<T> tag) {
            try {
                if (t instanceof String id) {
                    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
                    out.writeByte(ID);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                } else if (t instanceof SeriesTail tail) {
                    int bound = tail.writtenBound();
                    if (scratch.length < bound) {
                        scratch = new byte[Math.max(bound, 2 * scratch.length)];
                    }
                    int n = tail.writeTo(scratch);
                    out.writeByte(TAIL);
                    out.writeInt(n);
                    out.write(scratch, 0, n);
                } else {
                    throw new IllegalArgumentException("the shuffle of series tails carries series ids and tails, not "
                            + (t == null ? "null" : t.getClass().getName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Reader extends DeserializationStream {
        private final DataInputStream in;

        Reader(DataInputStream in) {
            this.in = in;
        }

        /**
         * The next record; {@link EOFException} (thrown as it is, undeclared, as Spark's own streams do)
         * at the end of the stream, which Spark's record iterators take for the end.
         */
        @Override
        @SuppressWarnings("unchecked")
        public <T> T readObject(ClassTag<T> tag) {
            try {
                int kind = in.read();
                if (kind < 0) {
                    throw new EOFException();
                }
                return switch (kind) {
                    case ID -> {
                        byte[] bytes = new byte[in.readInt()];
                        in.readFully(bytes);
                        yield (T) new String(bytes, StandardCharsets.UTF_8);
                    }
                    case TAIL -> (T) SeriesTail.read(in);
                    default -> throw new IllegalStateException("not a record of the shuffle of series tails: tag " + kind);
                };
            } catch (EOFException e) {
                throw sneaky(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Throws a checked exception undeclared, as Scala code may (Spark's iterators catch {@link EOFException}). */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
