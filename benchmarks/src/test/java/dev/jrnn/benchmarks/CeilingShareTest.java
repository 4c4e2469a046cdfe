package dev.jrnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CeilingShareTest {

    @Test
    @DisplayName("a small run prints both medians and a positive share of the ceiling")
    void smallRunPrintsShare() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream previous = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true));
            code = new CommandLine(new CeilingShare()).setCaseInsensitiveEnumValuesAllowed(true)
                    .execute("--backend", "reference", "--workload", "W5", "--n", "32", "--pairs", "3", "--warmup", "1");
        } finally {
            System.setOut(previous);
        }
        String text = out.toString();
        assertEquals(0, code, text);
        Matcher share = Pattern.compile("per pair: median ([0-9.]+), quartiles ([0-9.]+)-([0-9.]+); by CPU time ([0-9.]+|NaN)")
                .matcher(text);
        assertTrue(share.find(), text);
        double median = Double.parseDouble(share.group(1));
        assertTrue(median > 0 && Double.parseDouble(share.group(2)) <= median
                && median <= Double.parseDouble(share.group(3)), text);
        assertTrue(text.contains("32^3 GEMM median"), text);
    }

    @Test
    @DisplayName("no pairs is refused with the options named")
    void refusesNoPairs() {
        // the check runs in call(), whose own CommandLine reports to the standard error stream
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream previous = System.err;
        int code;
        try {
            System.setErr(new java.io.PrintStream(err, true));
            code = new CommandLine(new CeilingShare()).setErr(new PrintWriter(new StringWriter()))
                    .execute("--backend", "reference", "--workload", "W5", "--pairs", "0");
        } finally {
            System.setErr(previous);
        }
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("--pairs"), err.toString());
    }
}
