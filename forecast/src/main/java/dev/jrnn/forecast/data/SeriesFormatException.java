package dev.jrnn.forecast.data;

/**
 * A data file that could not be read, with the place: file, line (1-based) and column (1-based,
 * 0 when the whole line is at fault).
 */
public class SeriesFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public SeriesFormatException(String file, int line, int column, String problem) {
        super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** What is wrong, without the place. */
    public String problem() {
        return problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
