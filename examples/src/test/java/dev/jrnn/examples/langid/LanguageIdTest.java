package dev.jrnn.examples.langid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backends;
import dev.jrnn.examples.Examples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("jrnn-examples langid: language identification of words")
class LanguageIdTest {

    @Test
    @DisplayName("the word lists hold thousands of words per language, each word in one language only")
    void wordLists() {
        List<WordLists.Word> words = WordLists.load();
        int[] perLanguage = new int[WordLists.LANGUAGES.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (WordLists.Word w : words) {
            perLanguage[w.language()]++;
            assertEquals(null, seen.put(w.text(), w.language()), "duplicate " + w.text());
            assertTrue(w.text().length() <= WordLists.MAX_LENGTH, w.text());
        }
        for (int l = 0; l < perLanguage.length; l++) {
            assertTrue(perLanguage[l] > 5000, WordLists.LANGUAGES.get(l) + ": " + perLanguage[l] + " words");
        }
        assertEquals(Integer.valueOf(1), seen.get("und"));
        assertEquals(Integer.valueOf(0), seen.get("the"));
    }

    @Test
    @DisplayName("a small LSTM (3,000 words, 6 epochs) is far above the majority class and near n-gram naive Bayes")
    void smallRunBeatsTheBaseline() {
        LanguageId.Result r = LanguageId.run(Backends.get(),
                new LanguageId.Settings(600, 48, 6, 32, 0.01, 7), line -> { });
        assertEquals(600, r.testWords());
        assertEquals(600, r.lstm().total());
        assertTrue(r.majority() < 0.3, "majority " + r.majority());
        assertTrue(r.naiveBayes() > 0.6, "naive Bayes " + r.naiveBayes());
        assertTrue(r.lstm().accuracy() > r.majority() + 0.3,
                "LSTM " + r.lstm().accuracy() + " vs majority " + r.majority() + "\n" + r.lstm());
    }

    @Test
    @DisplayName("the command prints the three accuracies and the confusion matrix")
    void command() {
        StringWriter out = new StringWriter();
        CommandLine cl = Examples.commandLine();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("langid", "--words", "150", "--epochs", "1", "--hidden", "8");
        assertEquals(0, exit, out.toString());
        String text = out.toString();
        assertTrue(text.contains("majority language") && text.contains("n-gram naive Bayes")
                && text.contains("character LSTM") && text.contains("actual\\pred") && text.contains("macro F1"), text);
    }
}
