package dev.jrnn.examples.langid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of the data set: LanguageTool's lists of about 10,000 common words per language
 * ({@code org/languagetool/resource/<code>/common_words.txt} in its {@code language-<code>} jars,
 * LGPL), read from the class path. A word is lower-cased and kept when it is made of letters
 * (apostrophes and hyphens allowed) and at most {@link #MAX_LENGTH} long; a word found in more than
 * one language ("a", "in", "son") is dropped, so that every word has one right answer.
 */
public final class WordLists {
    /** English, German, French, Spanish, Italian. */
    public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "it");
    /** Longer words are left out (a handful per language), so every sample fits one padded length. */
    public static final int MAX_LENGTH = 16;

    /** A word and the index of its language in {@link #LANGUAGES}. */
    public record Word(String text, int language) {
    }

    private WordLists() {
    }

    /** Every usable word of the five languages, in the lists' order, language after language. */
    public static List<Word> load() {
        Map<String, Integer> languageOf = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int l = 0; l < LANGUAGES.size(); l++) {
            for (String word : read(LANGUAGES.get(l))) {
                Integer before = seen.putIfAbsent(word, l);
                if (before == null) {
                    languageOf.put(word, l);
                } else if (before != l) {
                    languageOf.remove(word);
                }
            }
        }
        List<Word> words = new ArrayList<>(languageOf.size());
        languageOf.forEach((w, l) -> words.add(new Word(w, l)));
        return words;
    }

    private static List<String> read(String language) {
        String resource = "/org/languagetool/resource/" + language + "/common_words.txt";
        InputStream in = WordLists.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the word list " + resource + " is not on the class path (it comes with "
                    + "the org.languagetool:language-" + language + " artifact)");
        }
        List<String> words = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String w = line.strip().toLowerCase(Locale.ROOT);
                if (!w.isEmpty() && w.length() <= MAX_LENGTH && w.matches("[\\p{L}][\\p{L}'\\-]*")) {
                    words.add(w);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
        return words;
    }
}
