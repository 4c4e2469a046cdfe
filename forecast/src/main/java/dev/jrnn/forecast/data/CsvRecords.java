package dev.jrnn.forecast.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a CSV text (RFC 4180 quoting, fields trimmed, a leading byte order mark and blank
 * lines skipped), each with the line it starts on, for the readers of this package. Fields are
 * separated by commas, or by semicolons or tabs where the header line holds no comma (as spreadsheets
 * write CSV in locales whose decimal separator is the comma).
 */
final class CsvRecords {
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true).setRecordSeparator('\n').get();
    private static final Pattern START_LINE = Pattern.compile("startline (\\d+)");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+([eE][+-]?\\d+)?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    /**
     * A number written for people: a currency sign before it, thousands separators ({@code 1,234.5}, or
     * {@code 1.234,5} where the decimal separator is a comma), or a unit after it
     * (of two letters or more, or after a space: {@code 112f} and {@code 1d} are Java's forms, refused
     * without this hint).
     */
    private static final Pattern DECORATED = Pattern.compile(
            "\\p{Sc}\\s*[+-]?[\\d.,]*\\d[\\d.,]*.*|[+-]?\\d{1,3}([,'\\u00a0 ]\\d{3})+(\\.\\d*)?"
                    + "|[+-]?\\d{1,3}([.'\\u00a0 ]\\d{3})+(,\\d*)?"
                    + "|[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(\\s+\\p{L}.*|\\p{L}{2,}.*|\\s*%)");

    /**
     * One record.
     *
     * @param line   the 1-based line it starts on
     * @param fields its fields, unquoted and trimmed
     */
    record Line(int line, List<String> fields) {
    }

    private CsvRecords() {
    }

    /**
     * Every non-blank record of {@code in}; {@code name} is used in error messages.
     *
     * @throws SeriesFormatException on an unterminated quote
     */
    static List<Line> read(String name, Reader in) throws IOException {
        return read(name, in, ',');
    }

    /**
     * Every non-blank record of {@code in}, its fields separated by {@code delimiter}.
     *
     * @throws SeriesFormatException on an unterminated quote
     */
    static List<Line> read(String name, Reader in, char delimiter) throws IOException {
        BufferedReader buffered = skipByteOrderMark(in);
        List<Line> out = new ArrayList<>();
        CSVFormat format = delimiter == ',' ? FORMAT : FORMAT.builder().setDelimiter(delimiter).get();
        try (CSVParser parser = CSVParser.parse(buffered, format)) {
            Iterator<CSVRecord> it = parser.iterator();
            while (it.hasNext()) {
                CSVRecord r = it.next();
                List<String> fields = r.toList();
                if (fields.size() == 1 && fields.get(0).isEmpty()) {
                    continue;
                }
                int breaks = 0;
                for (String f : fields) {
                    breaks += (int) f.chars().filter(c -> c == '\n').count();
                }
                out.add(new Line((int) parser.getCurrentLineNumber() - breaks, fields));
            }
        } catch (UncheckedIOException e) {
            Matcher m = START_LINE.matcher(String.valueOf(e.getMessage()));
            int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
            throw new SeriesFormatException(name, line, 0, "a quoted field is not closed (a \" is missing)");
        }
        return out;
    }

    /** {@code in}, buffered, past a leading byte order mark. */
    private static BufferedReader skipByteOrderMark(Reader in) throws IOException {
        BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in);
        buffered.mark(1);
        if (buffered.read() != '\uFEFF') {
            buffered.reset();
        }
        return buffered;
    }

    /**
     * The field separator of the text {@code in} will give next: a comma where its first non-blank line
     * has one (or none of the others), else a semicolon or a tab, whichever that line has more of. Reads
     * that line and resets {@code in} to where it was.
     */
    static char delimiter(BufferedReader in) throws IOException {
        in.mark(1 << 16);
        String header = "";
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                header = line;
                break;
            }
        }
        in.reset();
        long semicolons = header.chars().filter(c -> c == ';').count();
        long tabs = header.chars().filter(c -> c == '\t').count();
        if (header.indexOf(',') >= 0 || semicolons + tabs == 0) {
            return ',';
        }
        return semicolons >= tabs ? ';' : '\t';
    }

    /**
     * {@code text} as a finite number, reading a decimal comma ({@code 12,5}) as a point where the
     * fields are not separated by commas.
     */
    static double number(String file, int line, int column, String text, char delimiter) {
        if (delimiter != ',' && DECIMAL_COMMA.matcher(text).matches()) {
            return number(file, line, column, text.replace(',', '.'));
        }
        return number(file, line, column, text);
    }

    /**
     * {@code text} as a finite number, or a {@link SeriesFormatException} naming the place. Only
     * plain decimal notation is read, with an optional sign and exponent ({@code 12}, {@code -3.5},
     * {@code .5}, {@code 1.2e3}): not Java's other forms ({@code 0x1p7}, {@code 112f},
     * {@code 1d}, {@code Infinity}), which a CSV file holding them did not mean as numbers.
     */
    static double number(String file, int line, int column, String text) {
        if (DECIMAL.matcher(text).matches()) {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        }
        throw new SeriesFormatException(file, line, column, "'" + text + "' is not a finite number"
                + (DECORATED.matcher(text).matches()
                ? " (a value is a plain number: no currency sign, thousands separator or unit)" : ""));
    }

    /**
     * {@code text} as a value of {@code series}, as {@link #number(String, int, int, String, char)}
     * reads it, within float's range (about 3.4e38): the networks compute in float, and a value beyond
     * it (an overflow, or an error in the data such as 1e300) cannot be scaled with the others of
     * its series.
     */
    static double value(String file, int line, int column, String text, char delimiter, String series) {
        double v = number(file, line, column, text, delimiter);
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw new SeriesFormatException(file, line, column, "value " + text + " of series " + series
                    + " is beyond the range of float (about 3.4e38), in which the networks compute: too large to"
                    + " scale with the series' other values; is it an error in the data?");
        }
        return v;
    }
}
