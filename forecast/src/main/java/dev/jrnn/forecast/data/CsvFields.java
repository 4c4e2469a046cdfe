package dev.jrnn.forecast.data;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields (RFC 4180 quoting within a line), for the readers of this package. */
final class CsvFields {
    private CsvFields() {
    }

    /**
     * The fields of {@code line}, unquoted; a doubled quote inside quotes is a literal quote.
     *
     * @throws SeriesFormatException on an unterminated quote
     */
    static List<String> split(String file, int lineNumber, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new SeriesFormatException(file, lineNumber, fields.size() + 1, "unterminated quote");
        }
        fields.add(field.toString().trim());
        return fields;
    }

    /** {@code text} as a number, or a {@link SeriesFormatException} naming the place. */
    static double number(String file, int line, int column, String text) {
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SeriesFormatException(file, line, column, "'" + text + "' is not a finite number");
        }
    }
}
