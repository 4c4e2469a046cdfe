package dev.jrnn.cli;

import dev.jrnn.forecast.data.DateOrder;
import dev.jrnn.forecast.data.FillPolicy;
import dev.jrnn.forecast.data.SeriesReader;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How a data file is read: the fill policy and the date order, shared by the commands that read one. */
final class ReadingOptions {
    @Option(names = "--fill", paramLabel = "POLICY", defaultValue = "none",
            description = "missing values and gaps in --data: none (an error naming them), previous or linear"
                    + " (default: ${DEFAULT-VALUE})")
    String fill = "none";

    @Option(names = "--date-order", paramLabel = "ORDER",
            description = "dates like 01/02/2000 in --data: dmy or mdy (default: decided by the dates, an error"
                    + " when none does)")
    String dateOrder;

    /** A reader set as the options say. */
    SeriesReader reader() {
        return new SeriesReader().fill(ModelOptions.parse(FillPolicy.class, "fill", fill)).dateOrder(dateOrder());
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
