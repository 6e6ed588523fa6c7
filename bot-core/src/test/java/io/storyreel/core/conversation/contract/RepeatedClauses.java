package io.storyreel.core.conversation.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds bot messages that say the same thing twice: two clauses of one line that share most of their words ("Kling
 * did not accept those keys: Kling did not accept your keys."), or the same line twice. Lines are compared whole only,
 * because a list may rightly say the same of scene 1 and of scene 2.
 */
public final class RepeatedClauses {
    private static final Pattern CLAUSE_END = Pattern.compile("[.;:!?]+(?=\\s|$)|\\s[–—]\\s|\\s·\\s");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    private static final Set<String> FILLER = Set.of("a", "an", "the", "and", "or", "but", "to", "of", "in", "on",
            "at", "for", "with", "by", "from", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that",
            "these", "those", "them", "they", "you", "your", "i", "me", "my", "we", "our", "not", "no", "did", "do",
            "does", "has", "have", "had", "will", "can", "could", "would", "so", "as", "if", "then", "than", "there",
            "here", "all", "any", "one", "please");
    /** Clauses sharing at least this many words, and this share of all their words, say the same thing. */
    private static final int SHARED = 3;
    private static final double SIMILAR = 0.6;

    private RepeatedClauses() {
    }

    /** The texts that repeat themselves, each with the two clauses that say the same (empty when all is well). */
    public static List<String> in(Collection<String> texts) {
        List<String> out = new ArrayList<>();
        for (String t : new LinkedHashSet<>(texts)) {
            if (t != null) {
                repeat(t).ifPresent(r -> out.add(t + "\n    repeats: " + r));
            }
        }
        return out;
    }

    /** The two clauses (or lines) of {@code text} that say the same thing, if any. */
    public static Optional<String> repeat(String text) {
        Set<List<String>> lines = new HashSet<>();
        for (String line : text.split("\n")) {
            List<String> whole = words(line);
            if (whole.size() >= 4 && !lines.add(whole)) {
                return Optional.of("the line \"" + line.strip() + "\" twice");
            }
            List<String> clauses = clauses(line);
            for (int i = 0; i < clauses.size(); i++) {
                for (int j = i + 1; j < clauses.size(); j++) {
                    if (same(clauses.get(i), clauses.get(j))) {
                        return Optional.of("\"" + clauses.get(i) + "\" ~ \"" + clauses.get(j) + "\"");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> clauses(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = CLAUSE_END.matcher(line);
        int start = 0;
        while (m.find()) {
            out.add(line.substring(start, m.start()).strip());
            start = m.end();
        }
        out.add(line.substring(start).strip());
        out.removeIf(String::isEmpty);
        return out;
    }

    private static boolean same(String a, String b) {
        Set<String> x = content(a);
        Set<String> y = content(b);
        if (x.size() < SHARED || y.size() < SHARED) {
            return false;
        }
        Set<String> both = new HashSet<>(x);
        both.retainAll(y);
        Set<String> either = new HashSet<>(x);
        either.addAll(y);
        return both.size() >= SHARED && both.size() >= SIMILAR * either.size();
    }

    /** The words that carry meaning, singular: "keys" and "key" are one word. */
    private static Set<String> content(String clause) {
        Set<String> out = new HashSet<>();
        for (String w : words(clause)) {
            if (!FILLER.contains(w)) {
                out.add(w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w);
            }
        }
        return out;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
