package dev.jrnn.examples.langid;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.Loss;
import dev.jrnn.models.metrics.Classification;
import dev.jrnn.models.metrics.ConfusionMatrix;
import dev.jrnn.models.optim.Adam;
import dev.jrnn.models.train.SequenceClassifier;
import dev.jrnn.models.train.SequenceDataset;
import dev.jrnn.models.train.Trainer;
import dev.jrnn.models.train.TrainingListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Language identification of single words: a character-level LSTM {@link SequenceClassifier}
 * trained with cross-entropy on four fifths of {@link WordLists}, scored on the held-out fifth
 * beside two baselines, the majority language and character n-gram {@link NaiveBayes}. Words are
 * sequences of their own lengths; training batches words of similar lengths
 * ({@link dev.jrnn.models.train.TrainerBuilder#bucketByLength()}), so little is padded.
 */
public final class LanguageId {

    /**
     * @param wordsPerLanguage at most this many words of each language (0: all)
     * @param hidden           LSTM hidden features
     * @param epochs           passes over the training words
     * @param batch            words per optimizer step
     * @param learningRate     Adam's learning rate
     * @param seed             the split, the initialisation and the batches' order
     */
    public record Settings(int wordsPerLanguage, int hidden, int epochs, int batch, double learningRate, long seed) {
        public Settings {
            if (wordsPerLanguage < 0 || hidden <= 0 || epochs <= 0 || batch <= 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException("langid: words per language " + wordsPerLanguage + " must not be "
                        + "negative; hidden " + hidden + ", epochs " + epochs + ", batch " + batch
                        + " and learning rate " + learningRate + " must be positive");
            }
        }
    }

    /**
     * Held-out accuracies.
     *
     * @param trainWords the words trained on
     * @param testWords  the held-out words scored
     * @param majority   always the most frequent training language
     * @param naiveBayes the n-gram baseline
     * @param lstm       the LSTM's confusion matrix on the test words
     */
    public record Result(int trainWords, int testWords, double majority, double naiveBayes, ConfusionMatrix lstm,
                         double seconds) {
    }

    private LanguageId() {
    }

    /** Loads the words, splits them, runs the baselines, trains the LSTM and scores all three. */
    public static Result run(Backend backend, Settings s, Consumer<String> log) {
        long start = System.nanoTime();
        List<WordLists.Word> words = sample(WordLists.load(), s.wordsPerLanguage(), s.seed());
        int cut = words.size() * 4 / 5;
        List<WordLists.Word> train = words.subList(0, cut);
        List<WordLists.Word> test = words.subList(cut, words.size());
        int languages = WordLists.LANGUAGES.size();
        log.accept(String.format("%,d words (%s), %,d to train on, %,d held out", words.size(),
                String.join(" ", WordLists.LANGUAGES), train.size(), test.size()));

        double majority = majorityAccuracy(train, test, languages);
        NaiveBayes bayes = new NaiveBayes(train, languages);
        long right = test.stream().filter(w -> bayes.predict(w.text()) == w.language()).count();
        double naiveBayes = (double) right / test.size();

        Alphabet alphabet = new Alphabet(train);
        SequenceDataset trainSet = alphabet.encode(train);
        SequenceDataset testSet = alphabet.encode(test);
        RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(backend).dtype(DType.FLOAT32)
                .inputSize(alphabet.size()).hiddenSize(s.hidden()).batchFirst(true).seed(s.seed()).build();
        SequenceClassifier model = new SequenceClassifier(lstm, languages, s.seed() + 1);
        log.accept(model.summary().stripTrailing());
        Trainer.builder().epochs(s.epochs()).batchSize(s.batch()).bucketByLength().seed(s.seed())
                .loss(Loss.crossEntropy())
                .optimizer(ps -> new Adam(ps, s.learningRate())).clipNorm(5.0)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochEvent e) {
                        log.accept(String.format("epoch %d/%d  cross-entropy %.3f  %.0f s", e.epoch() + 1, e.epochs(),
                                e.trainingLoss(), e.elapsedNanos() / 1e9));
                    }
                }).build().fit(model, trainSet, null);
        ConfusionMatrix matrix = Classification.evaluate(model, testSet, WordLists.LANGUAGES, 256);
        return new Result(train.size(), test.size(), majority, naiveBayes, matrix, (System.nanoTime() - start) / 1e9);
    }

    /** Up to {@code perLanguage} words of each language (0: all), shuffled with {@code seed}. */
    private static List<WordLists.Word> sample(List<WordLists.Word> all, int perLanguage, long seed) {
        List<WordLists.Word> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        if (perLanguage == 0) {
            return shuffled;
        }
        int[] taken = new int[WordLists.LANGUAGES.size()];
        List<WordLists.Word> kept = new ArrayList<>();
        for (WordLists.Word w : shuffled) {
            if (taken[w.language()]++ < perLanguage) {
                kept.add(w);
            }
        }
        return kept;
    }

    private static double majorityAccuracy(List<WordLists.Word> train, List<WordLists.Word> test, int languages) {
        int[] counts = new int[languages];
        train.forEach(w -> counts[w.language()]++);
        int most = 0;
        for (int l = 1; l < languages; l++) {
            most = counts[l] > counts[most] ? l : most;
        }
        int majority = most;
        return (double) test.stream().filter(w -> w.language() == majority).count() / test.size();
    }
}
