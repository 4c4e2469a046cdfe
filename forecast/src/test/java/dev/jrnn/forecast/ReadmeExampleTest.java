package dev.jrnn.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.data.FillPolicy;
import dev.jrnn.forecast.data.ForecastCsv;
import dev.jrnn.forecast.data.SeriesData;
import dev.jrnn.forecast.data.SeriesReader;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.data.TimeStep;
import dev.jrnn.forecast.select.AutoForecaster;
import dev.jrnn.forecast.select.Candidate;
import dev.jrnn.forecast.select.Candidates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExampleTest {

    @Test
    @DisplayName("the README's library example runs: read with a fill, choose, write, save, load, forecast the same")
    void readmeExample(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("date,value\n");
        for (int t = 0; t < 60; t++) {
            csv.append(LocalDate.of(2000, 1, 1).plusMonths(t)).append(',')
                    .append(t == 7 ? "NA" : String.valueOf(100 + t + 10 * Math.sin(Math.PI * t / 6))).append('\n');
        }
        Path file = dir.resolve("sales.csv");
        Files.writeString(file, csv);
        Backend backend = new ReferenceBackend();

        SeriesData data = new SeriesReader().fill(FillPolicy.LINEAR).read(file);
        assertEquals(1, data.report().changes().size());
        TimeSeries sales = data.series().get(0);
        TimeStep step = TimeStep.infer(sales.name(), sales.times());
        int season = step.season();
        int horizon = step.horizon();
        assertEquals(12, season);
        assertEquals(18, horizon);
        List<Candidate> candidates = Candidates.of(sales, season, 12, 2, b -> b.epochs(1).hidden(4), List.of(), 0.9);
        AutoForecaster.Result r = new AutoForecaster(backend, 1, 1, 2, AutoForecaster.Progress.none())
                .fit(sales, candidates);
        ForecastCsv.write(dir.resolve("next.csv"), List.of(r.forecast()));
        assertEquals(13, Files.readAllLines(dir.resolve("next.csv")).size());
        r.model().save(dir.resolve("sales.jrnn"));
        ForecastModel model = ForecastModel.load(backend, dir.resolve("sales.jrnn"));
        assertArrayEquals(r.forecast().point(), model.forecast(sales).point(), 0);
    }
}
