package dev.jrnn.forecast.data;

import dev.jrnn.forecast.data.DataReport.Position;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a user's series from CSV: one series as {@code date,value} (named after the file), or many
 * as {@code series,date,value} (long layout, rows of the series in any order). A file is read as
 * UTF-8, or as Windows-1252 when it is not valid UTF-8 (with a note in the report). Fields are separated by
 * commas, or by semicolons or tabs (then a decimal comma is read too). The columns are those
 * {@link #columns} names, else found as {@link HeaderColumns} describes: by synonyms, and where those
 * leave exactly the missing number of unnamed columns, by position; other columns are ignored. Dates are read
 * as {@link Timestamps} describes, with the {@link DateOrder} for day/month/year dates. Missing values
 * are empty fields and {@code NA}, {@code N/A}, {@code #N/A}, {@code NaN}, {@code null}, {@code None},
 * {@code nil}, {@code -}, {@code ?} (any case). Each series is put on its regular time grid: the step is
 * its most common spacing, duplicates and spacings that are not whole steps are errors naming the
 * rows (values far outside their series' range are reported as {@link DataReport#warnings()}; times whose offset changes between times of day, as across daylight saving time, are read as UTC
 * instants: {@link SeriesData#utcTimes()}), and missing values and gaps are filled by the {@link FillPolicy} (by default none, when they are
 * an error listing the first few positions and their number).
 *
 * <pre>{@code
 * SeriesData data = new SeriesReader().fill(FillPolicy.LINEAR).read(Path.of("sales.csv"));
 * data.report().changes().forEach(System.out::println);
 * }</pre>
 */
public final class SeriesReader {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "#n/a", "nan", "null", "none", "nil", "-", "?");

    private final FillPolicy fill;
    private final DateOrder dateOrder;
    private final ColumnNames names;

    /** A reader that fills nothing, takes day/month orders from the data and finds the columns itself. */
    public SeriesReader() {
        this(FillPolicy.NONE, DateOrder.FROM_DATA, ColumnNames.AUTO);
    }

    private SeriesReader(FillPolicy fill, DateOrder dateOrder, ColumnNames names) {
        this.fill = Objects.requireNonNull(fill, "fill");
        this.dateOrder = Objects.requireNonNull(dateOrder, "dateOrder");
        this.names = Objects.requireNonNull(names, "names");
    }

    /** This reader with the fill policy {@code policy}. */
    public SeriesReader fill(FillPolicy policy) {
        return new SeriesReader(policy, dateOrder, names);
    }

    /** This reader with the day/month order {@code order}. */
    public SeriesReader dateOrder(DateOrder order) {
        return new SeriesReader(fill, order, names);
    }

    /** This reader taking the columns {@code names} names (its null names found as by default). */
    public SeriesReader columns(ColumnNames names) {
        return new SeriesReader(fill, dateOrder, names);
    }

    /**
     * Every series of {@code file}.
     *
     * @throws SeriesFormatException naming file, line and column of what cannot be read (no such file included)
     */
    public SeriesData read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SeriesFormatException(file.toString(), 0, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String text;
        String note = null;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // spreadsheets on Windows save CSV in their code page
            text = new String(bytes, Charset.forName("windows-1252"));
            note = file + ": not UTF-8 text; read as Windows-1252 (Western European)";
        }
        try {
            SeriesData data = read(file.toString(), new StringReader(text));
            if (note == null) {
                return data;
            }
            List<String> notes = new ArrayList<>(List.of(note));
            notes.addAll(data.report().notes());
            return new SeriesData(data.series(), new DataReport(data.report().series(), notes, data.report().warnings()),
                    data.utcTimes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every series read from {@code in}; {@code name} is used in error messages and, for the
     * {@code date,value} layout, names the series (its file name without directory and extension).
     */
    public SeriesData read(String name, Reader in) throws IOException {
        BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in);
        char delimiter = CsvRecords.delimiter(buffered);
        List<CsvRecords.Line> lines = CsvRecords.read(name, buffered, delimiter);
        if (lines.isEmpty()) {
            throw new SeriesFormatException(name, 1, 0, "empty file; " + HeaderColumns.expected());
        }
        CsvRecords.Line header = lines.get(0);
        List<String> columns = header.fields();
        HeaderColumns found = HeaderColumns.find(name, header.line(), columns, names);
        int series = found.series();
        int time = found.time();
        int value = found.value();
        if (lines.size() == 1) {
            throw new SeriesFormatException(name, header.line(), 0, "no rows after the header");
        }
        String single = seriesName(name);
        Map<String, List<Integer>> rowsOf = new LinkedHashMap<>();
        List<String> timeTexts = new ArrayList<>();
        int[] lineOf = new int[lines.size() - 1];
        double[] values = new double[lines.size() - 1];
        for (int r = 1; r < lines.size(); r++) {
            CsvRecords.Line row = lines.get(r);
            List<String> f = row.fields();
            if (f.size() != columns.size()) {
                throw new SeriesFormatException(name, row.line(), 0, "has " + f.size() + " fields, the header has "
                        + columns.size());
            }
            String id = series < 0 ? single : f.get(series);
            if (id.isEmpty()) {
                throw new SeriesFormatException(name, row.line(), series + 1, "empty series name");
            }
            if (f.get(time).isEmpty()) {
                throw new SeriesFormatException(name, row.line(), time + 1, "empty time");
            }
            String v = f.get(value);
            values[r - 1] = MISSING.contains(v.toLowerCase(Locale.ROOT)) ? Double.NaN
                    : CsvRecords.value(name, row.line(), value + 1, v, delimiter, id);
            lineOf[r - 1] = row.line();
            timeTexts.add(f.get(time));
            rowsOf.computeIfAbsent(id, k -> new ArrayList<>()).add(r - 1);
        }
        Timestamps.Column column = found.parseTimes(name, timeTexts, lineOf, dateOrder);
        LocalDateTime[] times = column.times();
        Regularizer regularizer = new Regularizer(name, time + 1, value + 1);
        List<TimeSeries> out = new ArrayList<>();
        List<DataReport.SeriesReport> reports = new ArrayList<>();
        List<Position> unfilled = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (var e : rowsOf.entrySet()) {
            List<Integer> idx = e.getValue();
            Regularizer.Rows rows = new Regularizer.Rows(idx.stream().map(i -> times[i]).toArray(LocalDateTime[]::new),
                    idx.stream().mapToDouble(i -> values[i]).toArray(), idx.stream().mapToInt(i -> lineOf[i]).toArray());
            Regularizer.Result result = regularizer.regularize(e.getKey(), rows, fill);
            if (fill == FillPolicy.NONE) {
                unfilled.addAll(result.holes());
            }
            out.add(result.series());
            reports.add(result.report());
            if (result.series() != null) {
                warnings.addAll(outliers(name, result.series(), idx.stream().collect(java.util.stream.Collectors.toMap(
                        i -> times[i], i -> lineOf[i], (a, b) -> a))));
            }
        }
        if (!unfilled.isEmpty()) {
            throw unfilled(name, time + 1, value + 1, unfilled);
        }
        List<String> notes = new ArrayList<>(found.notes());
        if (column.utc()) {
            notes.add(name + ": " + column.utcNote());
        }
        return new SeriesData(out, new DataReport(reports, notes, warnings), column.utc());
    }

    /** The warning about the {@link Outliers} of {@code s}, each named by its line ({@code lineAt} of its time), if any. */
    private static List<String> outliers(String file, TimeSeries s, Map<LocalDateTime, Integer> lineAt) {
        String warning = Outliers.warning(s, Outliers.find(s.values()),
                i -> lineAt.containsKey(s.times()[i]) ? "line " + lineAt.get(s.times()[i]) : "filled");
        return warning == null ? List.of() : List.of(file + ": " + warning);
    }

    /** The error for holes left by {@link FillPolicy#NONE}: counts, the first positions by line, the remedy. */
    private static SeriesFormatException unfilled(String file, int timeColumn, int valueColumn, List<Position> holes) {
        List<Position> sorted = holes.stream().sorted(Comparator.comparingInt(Position::line)
                .thenComparing(Position::gap)).toList();
        long gaps = holes.stream().filter(Position::gap).count();
        long missing = holes.size() - gaps;
        long series = holes.stream().map(Position::series).distinct().count();
        List<String> counts = new ArrayList<>();
        if (missing > 0) {
            counts.add(DataReport.count((int) missing, "missing value"));
        }
        if (gaps > 0) {
            counts.add(DataReport.count((int) gaps, "gap"));
        }
        String where = series == 1 ? "series " + sorted.get(0).series() : series + " series";
        List<String> shown = sorted.stream().limit(DataReport.SHOWN)
                .map(p -> (series == 1 ? "" : p.series() + " ") + p).toList();
        Position first = sorted.get(0);
        return new SeriesFormatException(file, first.line(), first.gap() ? timeColumn : valueColumn,
                String.join(" and ", counts) + " in " + where + ": " + String.join(", ", shown)
                        + (holes.size() > DataReport.SHOWN ? ", ..." : "")
                        + "; fill them with the previous value or linearly (--fill previous or --fill linear)");
    }

    /** The file name of {@code path} without directories and extension. */
    static String seriesName(String path) {
        String base = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
