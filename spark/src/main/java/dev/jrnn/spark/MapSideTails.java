package dev.jrnn.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * The map side of the cut: the observations of one input partition folded into one
 * {@link SeriesTail} per series ({@link TailFolder}), so that each series sends at most one tail per
 * partition through the shuffle, or one per {@value TailFolder#FLUSH_BYTES} bytes of tails, or one per
 * stretch of its rows that fills a tail (sent as the stretch ends: input laid out by series streams
 * through the shuffle instead of waiting on the heap); the reduce side merges what was sent. A partition that holds every row of its series (an input
 * clustered by series, {@link InputClustering}) sends its tails once, at its end: they are then whole
 * series, forecast in place, without a shuffle. Subclasses read one kind of input: Spark's internal rows
 * ({@link RowTails}) or the column vectors of a columnar scan ({@link ColumnarTails}).
 *
 * @param <T> what the input partition is made of
 */
abstract class MapSideTails<T> implements PairFlatMapFunction<Iterator<T>, String, SeriesTail>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TailSpec spec;
    private final boolean wholePartition;

    /**
     * @param wholePartition the partition holds every row of its series (its input is clustered by
     *                       series): its tails are whole series, sent once, when its input ends
     */
    MapSideTails(TailSpec spec, boolean wholePartition) {
        this.spec = spec;
        this.wholePartition = wholePartition;
    }

    /** Reads one task's input, keeping its position between calls of {@link #fold}. */
    interface Feeder {
        /** Folds observations into {@code tails} until they are {@linkplain TailFolder#full() full} or the input ends. */
        void fold(TailFolder tails);
    }

    /** A feeder of {@code input}. */
    abstract Feeder feeder(Iterator<T> input);

    @Override
    public Iterator<Tuple2<String, SeriesTail>> call(Iterator<T> input) {
        Feeder feeder = feeder(input);
        TailFolder tails = wholePartition ? new TailFolder(spec, Long.MAX_VALUE) : new TailFolder(spec);
        return new Iterator<>() {
            private Iterator<Tuple2<String, SeriesTail>> sending = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                if (!sending.hasNext()) {
                    feeder.fold(tails);
                    // the ready tails alone while the input goes on and the map is not full; otherwise all
                    sending = tails.ready() && !tails.overFlush() ? tails.drainReady() : tails.drain();
                }
                return sending.hasNext();
            }

            @Override
            public Tuple2<String, SeriesTail> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return sending.next();
            }
        };
    }
}
