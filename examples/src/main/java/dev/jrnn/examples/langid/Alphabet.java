package dev.jrnn.examples.langid;

import dev.jrnn.api.Shape;
import dev.jrnn.models.train.Dataset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The characters of the training words, each a one-hot input; a character not seen in training
 * gets the last index, "unknown". A word becomes {@link WordLists#MAX_LENGTH} steps, padded with
 * zero vectors in front, so that its last character is the last step, where a
 * {@link dev.jrnn.models.train.SequenceClassifier} reads the layer's state.
 */
final class Alphabet {
    private final Map<Character, Integer> index = new TreeMap<>();

    Alphabet(List<WordLists.Word> words) {
        for (WordLists.Word w : words) {
            for (char c : w.text().toCharArray()) {
                index.putIfAbsent(c, 0);
            }
        }
        int i = 0;
        for (Map.Entry<Character, Integer> e : index.entrySet()) {
            e.setValue(i++);
        }
    }

    /** One-hot features per step: the characters and "unknown". */
    int size() {
        return index.size() + 1;
    }

    /** Samples [MAX_LENGTH, size()] of the words, targets their language indices. */
    Dataset encode(List<WordLists.Word> words) {
        int steps = WordLists.MAX_LENGTH;
        int features = size();
        double[] x = new double[words.size() * steps * features];
        double[] y = new double[words.size()];
        for (int n = 0; n < words.size(); n++) {
            String text = words.get(n).text();
            int offset = steps - text.length();
            for (int i = 0; i < text.length(); i++) {
                int c = index.getOrDefault(text.charAt(i), features - 1);
                x[(n * steps + offset + i) * features + c] = 1.0;
            }
            y[n] = words.get(n).language();
        }
        return new Dataset(x, Shape.of(steps, features), y, Shape.of());
    }
}
