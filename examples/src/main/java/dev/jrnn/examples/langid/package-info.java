/**
 * {@code jrnn-examples langid}: language identification of single words (English, German, French,
 * Spanish, Italian) by a character-level LSTM {@link dev.jrnn.models.train.SequenceClassifier}
 * trained with cross-entropy on the common-word lists that LanguageTool's language modules ship
 * (Maven artifacts, read from the class path), scored on held-out words with a confusion matrix
 * beside the majority class and a character n-gram naive Bayes.
 */
package dev.jrnn.examples.langid;
