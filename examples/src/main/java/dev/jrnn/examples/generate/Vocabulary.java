package dev.jrnn.examples.generate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The characters a model reads and writes, each with an index: the distinct characters of the
 * training text in code-point order, so the same text always gives the same indices.
 */
public final class Vocabulary {
    private final String characters;
    private final Map<Character, Integer> index = new HashMap<>();

    /** A vocabulary of {@code characters}, in that order; they must be distinct. */
    public Vocabulary(String characters) {
        if (characters == null || characters.isEmpty()) {
            throw new IllegalArgumentException("a vocabulary needs at least one character");
        }
        for (int i = 0; i < characters.length(); i++) {
            if (index.put(characters.charAt(i), i) != null) {
                throw new IllegalArgumentException("vocabulary: character " + quote(characters.charAt(i))
                        + " appears twice");
            }
        }
        this.characters = characters;
    }

    /** The distinct characters of {@code text}, sorted. */
    public static Vocabulary of(String text) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            set.add(text.charAt(i));
        }
        StringBuilder sb = new StringBuilder(set.size());
        set.forEach(sb::append);
        return new Vocabulary(sb.toString());
    }

    /** V, the number of characters. */
    public int size() {
        return characters.length();
    }

    /** The characters in index order, as saved in a model file's metadata. */
    public String characters() {
        return characters;
    }

    /** Whether {@code c} has an index. */
    public boolean contains(char c) {
        return index.containsKey(c);
    }

    /** The index of {@code c}, or an exception naming it. */
    public int indexOf(char c) {
        Integer i = index.get(c);
        if (i == null) {
            throw new IllegalArgumentException("character " + quote(c) + " is not in the model's vocabulary of "
                    + size() + " characters");
        }
        return i;
    }

    /** The character at {@code i}. */
    public char charAt(int i) {
        return characters.charAt(i);
    }

    /** The indices of every character of {@code text}. */
    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = indexOf(text.charAt(i));
        }
        return ids;
    }

    /** The characters of {@code ids}. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        Arrays.stream(ids).forEach(i -> sb.append(charAt(i)));
        return sb.toString();
    }

    private static String quote(char c) {
        return Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " characters)";
    }
}
