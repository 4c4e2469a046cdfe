package dev.jrnn.cli;

import dev.jrnn.forecast.data.ColumnNames;
import dev.jrnn.forecast.data.DateOrder;
import dev.jrnn.forecast.data.FillPolicy;
import dev.jrnn.forecast.data.SeriesReader;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How a data file is read: the fill policy, the date order and the columns, shared by the commands that read one. */
final class ReadingOptions {
    @Option(names = "--fill", paramLabel = "POLICY", defaultValue = "none",
            description = "missing values and gaps in --data: none (an error naming them), previous or linear"
                    + " (default: ${DEFAULT-VALUE})")
    String fill = "none";

    @Option(names = "--date-order", paramLabel = "ORDER",
            description = "dates like 01/02/2000 in --data: dmy or mdy (default: decided by the dates, an error"
                    + " when none does)")
    String dateOrder;

    @Option(names = "--time-column", paramLabel = "NAME",
            description = "the time column of --data (default: date, time, timestamp, datetime or ds; else the one"
                    + " named period, year, quarter, month, week, day or hour; else by position)")
    String timeColumn;

    @Option(names = "--value-column", paramLabel = "NAME",
            description = "the value column of --data (default: value, values, y or target; else the column left)")
    String valueColumn;

    @Option(names = "--series-column", paramLabel = "NAME",
            description = "the column naming each row's series in --data (default: series, series_id, id,"
                    + " unique_id or item_id; none: one series)")
    String seriesColumn;

    /** A reader set as the options say. */
    SeriesReader reader() {
        return new SeriesReader().fill(ModelOptions.parse(FillPolicy.class, "fill", fill)).dateOrder(dateOrder())
                .columns(new ColumnNames(seriesColumn, timeColumn, valueColumn));
    }

    private DateOrder dateOrder() {
        if (dateOrder == null) {
            return DateOrder.FROM_DATA;
        }
        return switch (dateOrder.toLowerCase(Locale.ROOT)) {
            case "dmy" -> DateOrder.DAY_FIRST;
            case "mdy" -> DateOrder.MONTH_FIRST;
            default -> throw new IllegalArgumentException("unknown --date-order '" + dateOrder + "'; use dmy or mdy");
        };
    }
}
