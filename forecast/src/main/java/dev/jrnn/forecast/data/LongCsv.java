package dev.jrnn.forecast.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The series of a CSV file read by a default {@link SeriesReader} (nothing filled): the long layout
 * {@code series,time,value} or the single-series {@code date,value}, with the header synonyms and
 * date forms that reader accepts.
 */
public final class LongCsv {
    private LongCsv() {
    }

    /** Every series of {@code file}, in order of first appearance. */
    public static List<TimeSeries> read(Path file) {
        return new SeriesReader().read(file).series();
    }

    /** Every series read from {@code in}; {@code name} is used in error messages. */
    public static List<TimeSeries> read(String name, BufferedReader in) throws IOException {
        return new SeriesReader().read(name, in).series();
    }
}
