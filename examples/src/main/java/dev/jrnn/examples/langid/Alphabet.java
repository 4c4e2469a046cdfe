package dev.jrnn.examples.langid;

import dev.jrnn.models.train.SequenceDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The characters of the training words, each a one-hot input; a character not seen in training
 * gets the last index, "unknown". A word becomes a sequence of its own length: the trainer pads a
 * batch to its longest word and passes each word's length, so that a
 * {@link dev.jrnn.models.train.SequenceClassifier} reads the layer's state at the word's last
 * character and the padding changes nothing.
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

    /** Sequences [length, size()] of the words, one label per word: its language index. */
    SequenceDataset encode(List<WordLists.Word> words) {
        int features = size();
        List<double[][]> sequences = new ArrayList<>(words.size());
        int[] labels = new int[words.size()];
        for (int n = 0; n < words.size(); n++) {
            String text = words.get(n).text();
            double[][] steps = new double[text.length()][features];
            for (int i = 0; i < text.length(); i++) {
                steps[i][index.getOrDefault(text.charAt(i), features - 1)] = 1.0;
            }
            sequences.add(steps);
            labels[n] = words.get(n).language();
        }
        return SequenceDataset.manyToOneLabels(sequences, labels);
    }
}
