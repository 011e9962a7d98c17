package io.sendzen.logs.flyout;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The excerpt of an answer kept with an attempt: whole characters only, no NUL. */
class WebhookClientExcerptTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTextAsItIs() {
        assertEquals("{\"ok\":true}", WebhookClient.excerpt(utf8("{\"ok\":true}")));
        assertEquals("", WebhookClient.excerpt(new byte[0]));
        assertEquals("çé€😀", WebhookClient.excerpt(utf8("çé€😀")));
    }

    @Test
    void dropsACharacterTheCutSplit() {
        byte[] euro = utf8("ab€");        // € is three bytes
        assertEquals("ab", WebhookClient.excerpt(Arrays.copyOf(euro, 3)));
        assertEquals("ab", WebhookClient.excerpt(Arrays.copyOf(euro, 4)));
        assertEquals("ab€", WebhookClient.excerpt(euro));
        byte[] emoji = utf8("x😀");       // four bytes
        for (int cut = 2; cut < emoji.length; cut++) {
            assertEquals("x", WebhookClient.excerpt(Arrays.copyOf(emoji, cut)), "cut at " + cut);
        }
        byte[] accent = utf8("é");        // two bytes
        assertEquals("", WebhookClient.excerpt(Arrays.copyOf(accent, 1)));
    }

    @Test
    void removesNulWhichTheDatabaseCannotHold() {
        assertEquals("ab", WebhookClient.excerpt(new byte[]{'a', 0, 'b', 0}));
    }
}
