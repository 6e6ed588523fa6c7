package io.storyreel.core.conversation;

import io.storyreel.core.chat.ChatRef;
import io.storyreel.core.chat.MessageRef;
import io.storyreel.core.logging.SecretRegistry;
import io.storyreel.core.provider.VideoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider keys sent as plain text instead of through {@code setkeys} (pasted into the private chat, or as a reply in a
 * group) would otherwise become a scene's prompt: echoed, stored in clear, drawn on the storyboard and sent to the
 * provider. Text is taken for keys when it starts with a provider's id followed by key-like tokens ("kling AK… SK…"),
 * when a token has the shape a provider declares for its keys ({@link VideoProvider#keyShapes}), or when it is nothing
 * but a few tokens, at least one of them long and random-looking, or when it holds a secret the process already knows
 * ({@link SecretRegistry}: keys given through setkeys, bot tokens). Such a message is deleted, its tokens are registered
 * as secrets before anything else (so no log line can hold them), nothing of it is stored, and the sender is told how
 * to give keys here; in a group, to rotate them.
 */
final class KeyLookalike {
    private static final Logger log = LoggerFactory.getLogger(KeyLookalike.class);
    /** Real keys are 20 to hundreds of characters; shorter random-looking words are left alone. */
    private static final int RANDOM_MIN = 20;
    private static final int KEYISH_MIN = 8;
    /** Bits per character: random base62/hex/base64 tokens of 20+ characters are above it, words and names below. */
    private static final double RANDOM_ENTROPY = 3.5;
    private static final int MAX_TOKENS = 4;
    private static final Pattern WORDS = Pattern.compile("[A-Z]?[a-z]{4,}");
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_\\-.:+/=]+");
    private static final Pattern NOT_A_KEY = Pattern.compile("(?i)(https?://|www\\.).*|.*\\.(jpe?g|png|gif|webp|mp4|mov|txt)");

    private final ChatContext ctx;

    KeyLookalike(ChatContext ctx) {
        this.ctx = ctx;
    }

    /** What the text gave away: the provider it named or whose key shape matched (null: none), and its secret tokens. */
    record Match(VideoProvider provider, List<String> secrets) {
    }

    /** What became of a text: ordinary text to use, or keys whose message is gone from the chat or still there. */
    enum Verdict {
        ORDINARY, KEYS_GONE, KEYS_STILL_POSTED
    }

    /** Like {@link #check}, for callers that only need to know whether to use the text. */
    boolean caught(ChatRef chat, MessageRef source, String text, boolean addressed) {
        return check(chat, source, text, addressed) != Verdict.ORDINARY;
    }

    /**
     * Deals with {@code text} when it looks like keys: registers the secrets, deletes the message, tells the sender.
     *
     * @param addressed whether the bot would take this text as meant for it (a private chat, a reply, a command)
     * @return {@link Verdict#ORDINARY} for ordinary text; otherwise the caller must not use the text, and learns
     * whether {@code source} is still in the chat (undeletable) or gone (deleted, or never posted: a slash command)
     */
    Verdict check(ChatRef chat, MessageRef source, String text, boolean addressed) {
        if (!addressed || text == null) {
            return Verdict.ORDINARY;
        }
        Optional<Match> found = match(text, ctx.providers());
        if (found.isEmpty() && SecretRegistry.holdsSecret(text)) {
            // a key someone gave this bot (or a bot token), inside a sentence: as much a leak as a key alone
            found = Optional.of(new Match(null, List.of()));
        }
        if (found.isEmpty()) {
            return Verdict.ORDINARY;
        }
        // first: whatever happens next, these never reach a log in clear
        found.get().secrets().forEach(SecretRegistry::register);
        boolean posted = source != null && ctx.port(chat).posted(source);
        boolean deleted = posted && ctx.deleteQuietly(source);
        log.info("A message in {} looked like provider keys sent without setkeys: {}, not stored", chat.key(),
                !posted ? "never posted" : deleted ? "deleted" : "could not be deleted");
        VideoProvider p = found.get().provider();
        String name = p == null ? null : p.capabilities().displayName();
        if (chat.isPrivate() || !posted) {
            ctx.refuse(chat, source, KeyWording.keysAsPlainText(name, posted, deleted, KeyWording.setkeysUsage(ctx.syntax(chat),
                    ctx.providers().stream().map(q -> ctx.syntax(chat).setkeys(q.id(), q.credentialFields())).toList())));
        } else {
            ctx.reply(chat, null, KeyWording.keysPostedInGroup(ctx.syntax(chat), name == null ? "provider" : name, deleted));
        }
        return posted && !deleted ? Verdict.KEYS_STILL_POSTED : Verdict.KEYS_GONE;
    }

    static Optional<Match> match(String text, List<VideoProvider> providers) {
        List<String> tokens = new ArrayList<>();
        for (String t : text.strip().split("\\s+")) {
            String bare = t.replaceAll("^[\"'`(<\\[]+|[\"'`)>\\],;]+$", "");
            if (!bare.isEmpty()) {
                tokens.add(bare);
            }
        }
        if (!tokens.isEmpty() && tokens.get(0).replaceFirst("^/", "").equalsIgnoreCase("setkeys")) {
            tokens.remove(0); // the command typed without its slash, or as text
        }
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        // "kling AK… SK…": a provider's id, then as many key-like tokens as it has key fields (or one more)
        VideoProvider named = byName(tokens.get(0), providers);
        List<String> rest = tokens.subList(1, tokens.size());
        if (named != null && !rest.isEmpty() && rest.size() <= named.credentialFields().size() + 1
                && rest.stream().allMatch(KeyLookalike::keyish)) {
            return Optional.of(new Match(named, List.copyOf(rest)));
        }
        // a token shaped like one provider's keys, anywhere in the text
        for (VideoProvider p : providers) {
            List<String> shaped = tokens.stream().filter(t -> p.keyShapes().stream().anyMatch(s -> s.matcher(t).matches()))
                    .toList();
            if (!shaped.isEmpty()) {
                List<String> secrets = new ArrayList<>(shaped);
                tokens.stream().filter(t -> !shaped.contains(t) && randomLooking(t)).forEach(secrets::add);
                return Optional.of(new Match(p, secrets));
            }
        }
        // nothing but a few key-like tokens, one of them long and random: keys of some provider
        if (tokens.size() <= MAX_TOKENS && tokens.stream().allMatch(KeyLookalike::keyish)
                && tokens.stream().anyMatch(KeyLookalike::randomLooking)) {
            return Optional.of(new Match(null, List.copyOf(tokens)));
        }
        return Optional.empty();
    }

    private static VideoProvider byName(String word, List<VideoProvider> providers) {
        String w = word.toLowerCase(Locale.ROOT).replaceAll("[:=,]+$", "");
        return providers.stream().filter(p -> p.id().equals(w)
                        || p.capabilities().displayName().toLowerCase(Locale.ROOT).split("\\s+")[0].equals(w))
                .findFirst().orElse(null);
    }

    /**
     * Could be a key: 8+ characters a key uses, no link or file name, and not a plain word (digits and letters mixed,
     * upper and lower case inside it, or 16+ characters joined by - _ . :).
     */
    static boolean keyish(String t) {
        if (t.length() < KEYISH_MIN || !TOKEN_CHARS.matcher(t).matches() || NOT_A_KEY.matcher(t).matches()) {
            return false;
        }
        boolean digit = t.chars().anyMatch(Character::isDigit);
        boolean letter = t.chars().anyMatch(Character::isLetter);
        boolean mixedCase = t.substring(1).chars().anyMatch(Character::isUpperCase) && t.chars().anyMatch(Character::isLowerCase);
        boolean joined = t.length() >= 16 && t.chars().anyMatch(c -> "-_.:".indexOf(c) >= 0);
        return digit && letter || mixedCase || joined;
    }

    /**
     * Long, letters and digits mixed, as varied as random text is (Shannon entropy per character), and not mostly
     * words: "SummerHolidays2024Spain" is a title, though as long and varied as a key.
     */
    static boolean randomLooking(String t) {
        return t.length() >= RANDOM_MIN && keyish(t) && t.chars().anyMatch(Character::isDigit)
                && t.chars().anyMatch(Character::isLetter) && entropy(t) >= RANDOM_ENTROPY
                && 2 * wordLetters(t) < t.length();
    }

    /** Letters in word-like runs ("Summer", "holidays"): four or more lower-case letters, maybe after a capital. */
    private static int wordLetters(String t) {
        Matcher m = WORDS.matcher(t);
        int n = 0;
        while (m.find()) {
            n += m.end() - m.start();
        }
        return n;
    }

    private static double entropy(String t) {
        Map<Integer, Integer> counts = new HashMap<>();
        t.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
        double h = 0;
        for (int n : counts.values()) {
            double p = (double) n / t.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }
}
