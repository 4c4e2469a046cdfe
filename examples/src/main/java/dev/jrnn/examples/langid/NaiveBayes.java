package dev.jrnn.examples.langid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline a language identifier is usually measured against: multinomial naive Bayes over
 * character n-grams (n = 1 to 3) of the word framed by boundary marks ({@code ^word$}), with
 * add-one smoothing (Cavnar and Trenkle's n-gram idea; Manning et al., IR book, ch. 13):
 * {@code argmax_l log P(l) + sum_g log (count_l(g) + 1) / (total_l + V)}.
 */
final class NaiveBayes {
    private static final int MAX_N = 3;
    private final int languages;
    private final Map<String, long[]> counts = new HashMap<>();
    private final long[] totals;
    private final double[] logPrior;

    NaiveBayes(List<WordLists.Word> training, int languages) {
        this.languages = languages;
        this.totals = new long[languages];
        this.logPrior = new double[languages];
        long[] words = new long[languages];
        for (WordLists.Word w : training) {
            words[w.language()]++;
            for (String g : grams(w.text())) {
                counts.computeIfAbsent(g, k -> new long[languages])[w.language()]++;
                totals[w.language()]++;
            }
        }
        for (int l = 0; l < languages; l++) {
            logPrior[l] = Math.log((words[l] + 1.0) / (training.size() + languages));
        }
    }

    int predict(String word) {
        double[] score = logPrior.clone();
        int vocabulary = counts.size();
        for (String g : grams(word)) {
            long[] c = counts.get(g);
            for (int l = 0; l < languages; l++) {
                score[l] += Math.log(((c == null ? 0 : c[l]) + 1.0) / (totals[l] + vocabulary + 1.0));
            }
        }
        int best = 0;
        for (int l = 1; l < languages; l++) {
            if (score[l] > score[best]) {
                best = l;
            }
        }
        return best;
    }

    private static List<String> grams(String word) {
        String framed = "^" + word + "$";
        List<String> grams = new ArrayList<>();
        for (int n = 1; n <= MAX_N; n++) {
            for (int i = 0; i + n <= framed.length(); i++) {
                grams.add(framed.substring(i, i + n));
            }
        }
        return grams;
    }
}
