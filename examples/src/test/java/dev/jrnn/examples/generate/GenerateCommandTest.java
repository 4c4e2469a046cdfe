package dev.jrnn.examples.generate;

import dev.jrnn.examples.Examples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.Safetensors;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("jrnn generate")
class GenerateCommandTest {
    private static final Pattern LOSS = Pattern.compile("validation loss (\\S+) nats/char");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Examples.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path smallText() throws IOException {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "It is a truth universally acknowledged, that a single man in possession of a good "
                .repeat(20));
        return text;
    }

    @Test
    @DisplayName("trains briefly, prints a finite validation loss and a sample of the requested length, and saves")
    void trainsAndSaves() throws IOException {
        Path model = dir.resolve("model.safetensors");
        Run r = run("generate", "--text", smallText().toString(), "--hidden", "8", "--steps", "6", "--batch", "4",
                "--chunk", "8", "--length", "40", "--prime", "It ", "--save", model.toString());
        assertEquals(0, r.exit(), r.err());
        Matcher m = LOSS.matcher(r.out());
        assertTrue(m.find(), r.out());
        double loss = Double.parseDouble(m.group(1));
        assertTrue(Double.isFinite(loss) && loss > 0, "validation loss " + loss);
        assertTrue(Files.size(model) > 0);
        String sample = r.out().substring(r.out().indexOf("seed 42):") + "seed 42):".length()).strip();
        assertTrue(sample.startsWith("It "), sample);
        assertEquals("It ".length() + 40, sample.length(), sample);
    }

    @Test
    @DisplayName("--load samples from a saved model without training, the same text for the same seed")
    void loadsWithoutRetraining() throws IOException {
        Path model = dir.resolve("model.safetensors");
        assertEquals(0, run("generate", "--text", smallText().toString(), "--hidden", "8", "--steps", "3",
                "--batch", "4", "--chunk", "8", "--length", "5", "--save", model.toString()).exit());
        Run first = run("generate", "--load", model.toString(), "--length", "30", "--prime", "a ", "--seed", "7");
        Run second = run("generate", "--load", model.toString(), "--length", "30", "--prime", "a ", "--seed", "7");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("loaded"), first.out());
        assertFalse(first.out().contains("trained"), first.out());
        assertEquals(first.out(), second.out());
    }

    @Test
    @DisplayName("a prime with a character outside the vocabulary is a user error naming the character")
    void unknownPrimeCharacter() throws IOException {
        Run r = run("generate", "--text", smallText().toString(), "--hidden", "4", "--steps", "1", "--batch", "2",
                "--chunk", "4", "--prime", "Z");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("'Z'"), r.err());
    }

    @Test
    @DisplayName("a --save path that cannot be written fails before training, naming it")
    void unwritableSave() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path model = file.resolve("model.safetensors");
        Run r = run("generate", "--text", smallText().toString(), "--hidden", "4", "--steps", "1", "--batch", "2",
                "--chunk", "4", "--save", model.toString());
        assertEquals(2, r.exit(), r.out());
        assertEquals("jrnn generate: cannot write " + model + ": " + file + " is not a directory", r.err().strip());
        assertEquals("", r.out(), "refused before training");
    }

    @Test
    @DisplayName("--load of a corrupted or contradictory file is a one-line user error naming the file")
    void corruptedModelFile() throws IOException {
        Path model = dir.resolve("model.safetensors");
        assertEquals(0, run("generate", "--text", smallText().toString(), "--hidden", "8", "--steps", "1",
                "--batch", "4", "--chunk", "8", "--length", "1", "--save", model.toString()).exit());
        SafetensorsFile read = Safetensors.read(model);
        Map<String, String> meta = new LinkedHashMap<>(read.metadata());
        meta.put("hidden", "12000");
        Path huge = dir.resolve("huge.safetensors");
        Safetensors.write(huge, read.tensors(new ReferenceBackend()), meta);
        byte[] deep = ("{\"__metadata__\":" + "[".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        Path nested = dir.resolve("nested.safetensors");
        Files.write(nested, ByteBuffer.allocate(8 + deep.length).order(ByteOrder.LITTLE_ENDIAN).putLong(deep.length)
                .put(deep).array());
        for (Path bad : List.of(huge, nested)) {
            Run r = run("generate", "--load", bad.toString(), "--length", "5");
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().startsWith("jrnn generate: " + bad + ": ") && r.err().strip().lines().count() == 1,
                    r.err());
        }
    }
}
