package io.gilguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GlobTest {
    /** The meaning a glob has: each {@code *} any run of characters, the rest literal, the whole name. */
    private static boolean byRegex(String glob, String name) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '*') {
                regex.append(Pattern.quote(glob.substring(from, i))).append(".*");
                from = i + 1;
            }
        }
        regex.append(Pattern.quote(glob.substring(from)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
    }

    @Test
    void agreesWithTheRegexOfThePatternOnRandomNamesAndPatterns() {
        Random random = new Random(14);
        String alphabet = "ab.$*";
        for (int n = 0; n < 200_000; n++) {
            String glob = random(random, alphabet, 6);
            String name = random(random, "ab.$", 8);
            assertEquals(byRegex(glob, name), new Glob(glob).matches(name), () -> glob + " against " + name);
        }
    }

    @Test
    void namesOfRulesFiles() {
        assertTrue(new Glob("com.example.*#x").matches("com.example.a.b#x")); // across dots
        assertTrue(new Glob("on*").matches("on"));
        assertFalse(new Glob("on*").matches("xon"));
        assertTrue(new Glob("*").matches(""));
        assertTrue(new Glob("org.rocksdb.*").matches("org.rocksdb.RocksDB"));
        assertTrue(new Glob("org.rocksdb.*").matches("org.rocksdb."));
        assertFalse(new Glob("org.rocksdb.*").matches("org.rocksdb"));
        assertTrue(new Glob("*Callback*").matches("com.sun.jna.Callback"));
        assertTrue(new Glob("*Callback*").matches("a.CallbackReference$DefaultCallbackProxy"));
        assertTrue(new Glob("find*").matches("findShortestSeparator"));
        assertFalse(new Glob("find*").matches("refind"));
        assertTrue(new Glob("a*b*c").matches("abcbc"));
        assertFalse(new Glob("a*b*c").matches("abcb"));
        assertTrue(new Glob("").matches(""));
        assertFalse(new Glob("").matches("a"));
        assertTrue(new Glob("**").matches("anything"));
    }

    /** Many stars that all fail at the last character: a match that retried every split of the name never ended. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyStarsAgainstALongNameEndInTime() {
        String name = "a".repeat(200);
        assertFalse(new Glob("*a*a*a*a*a*a*a*a*a*a*a*a*b").matches(name));
        assertTrue(new Glob("*a*a*a*a*a*a*a*a*a*a*a*a*").matches(name));
    }

    private static String random(Random random, String alphabet, int longest) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(longest + 1); i > 0; i--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
