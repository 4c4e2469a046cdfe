package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

@DisplayName("the shuffle's records of tails: ids and tails in their own bytes, and under Kryo")
class TailSerializerTest {
    private static final ClassTag<Object> ANY = ClassTag$.MODULE$.Any();

    private static List<Tuple2<String, SeriesTail>> records(int n, long seed) {
        Random random = new Random(seed);
        TailSpec spec = new TailSpec(40, 7);
        List<Tuple2<String, SeriesTail>> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            SeriesTail tail = new SeriesTail(spec);
            long time = random.nextInt(1000) - 500;
            for (int k = random.nextInt(120); k >= 0; k--) {
                time += random.nextInt(10) == 0 ? -random.nextInt(30) : 1 + random.nextInt(3);
                tail.add(time, random.nextGaussian() * (s % 3 == 0 ? 1 : 50));
            }
            out.add(new Tuple2<>(s % 5 == 0 ? "série-" + s + " ☃" : "s" + s, tail));
        }
        return out;
    }

    @Test
    @DisplayName("keys and values read back in order, equal to what was written, until the stream ends")
    void roundTrip() {
        List<Tuple2<String, SeriesTail>> written = records(200, 3);
        SerializerInstance serializer = new TailSerializer().newInstance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SerializationStream out = serializer.serializeStream(bytes);
        for (Tuple2<String, SeriesTail> r : written) {
            out.writeKey(r._1(), ANY);
            out.writeValue(r._2(), ANY);
        }
        out.close();
        Iterator<Tuple2<Object, Object>> read = serializer.deserializeStream(
                new ByteArrayInputStream(bytes.toByteArray())).asKeyValueIterator();
        for (Tuple2<String, SeriesTail> r : written) {
            assertTrue(read.hasNext());
            Tuple2<Object, Object> back = read.next();
            assertEquals(r._1(), back._1());
            assertArrayEquals(SeriesTailTest.written(r._2()), SeriesTailTest.written((SeriesTail) back._2()), "series " + r._1());
        }
        assertFalse(read.hasNext());
        Object one = written.get(7)._2();
        assertArrayEquals(SeriesTailTest.written((SeriesTail) one),
                SeriesTailTest.written((SeriesTail) serializer.deserialize(serializer.serialize(one, ANY), ANY)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serializer.serializeStream(new ByteArrayOutputStream()).writeObject(List.of(1), ANY));
        assertTrue(e.getMessage().contains("series ids and tails"), e.getMessage());
    }

    @Test
    @Tag("spark") // Kryo needs the JVM options Spark gives Java 17
    @DisplayName("a session's Kryo serializer keeps every fact of a tail (its fields are all transient)")
    void kryo() {
        SerializerInstance kryo = new KryoSerializer(new SparkConf(false)).newInstance();
        for (Tuple2<String, SeriesTail> r : records(30, 8)) {
            Object tail = r._2();
            SeriesTail back = (SeriesTail) kryo.deserialize(kryo.serialize(tail, ANY), ANY);
            assertEquals(r._2().size(), back.size());
            assertArrayEquals(SeriesTailTest.written(r._2()), SeriesTailTest.written(back), "series " + r._1());
        }
    }
}
