package io.sendzen.logs.shared;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SearchTextTest {

    @Test
    void wordsAreLowerCaseWithoutAccents() {
        assertEquals(List.of("cafe", "creme", "brulee"), SearchText.words("Café CRÈME-brûlée!"));
    }

    @Test
    void lettersWithoutADecompositionAreFoldedToo() {
        assertEquals(List.of("strasse", "oresund", "lodz", "aeble"), SearchText.words("Straße Øresund Łódź Æble"));
    }

    @Test
    void compatibilityFormsAreFolded() {
        assertEquals(List.of("office", "abc"), SearchText.words("oﬃce ＡＢＣ"));
    }

    @Test
    void nonLatinScriptsKeepTheirLetters() {
        assertEquals(List.of("مرحبا", "привет", "你好"), SearchText.words("مرحبا, Привет! 你好"));
    }

    @Test
    void overlongWordIsCut() {
        assertEquals(SearchText.MAX_WORD, SearchText.words("x".repeat(5000)).get(0).length());
    }

    @Test
    void documentHasEachWordOnceThenTheIds() {
        String lexemes = new SearchText.Document().add("Hello hello").add(null).add("World")
                .lexemes("wamid.ABC=", "16505551234");
        assertEquals("hello world =wamid.ABC= =16505551234", lexemes);
    }

    @Test
    void documentWithoutWordsOrIdsIsEmpty() {
        assertEquals("", new SearchText.Document().add("!!").lexemes(null, null));
    }

    @Test
    void idWithWhitespaceIsNotALexeme() {
        assertEquals("a", new SearchText.Document().add("a").lexemes("wamid. x", null));
    }

    @Test
    void documentKeepsAtMostItsWordLimit() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2 * SearchText.MAX_WORDS; i++) {
            text.append("w").append(i).append(' ');
        }
        assertEquals(SearchText.MAX_WORDS, new SearchText.Document().add(text.toString()).lexemes(null, null)
                .split(" ").length);
    }

    @Test
    void everyWordMustMatchAndTheLastIsAPrefix() {
        assertEquals("'cafe' & 'cr':*", SearchText.query("  Café   CR "));
    }

    @Test
    void aWordWithPunctuationIsAllItsParts() {
        assertEquals("('spring' & 'sale') & 'x':*", SearchText.query("spring_sale x"));
    }

    @Test
    void digitsAlsoMatchAnIdExactly() {
        assertEquals("('=16505551234' | ('16505551234')) & 'ok':*", SearchText.query("16505551234 ok"));
        assertEquals("('=123' | ('123':*))", SearchText.query("123"));
    }

    @Test
    void wamidMatchesTheIdOrItsWords() {
        assertEquals("('=wamid.HBg+/=' | ('wamid' & 'hbg':*))", SearchText.query("wamid.HBg+/="));
    }

    @Test
    void quotesAndBackslashesOfAnIdAreEscaped() {
        assertEquals("('=wamid.a''b\\\\' | ('wamid' & 'a' & 'b':*))", SearchText.query("wamid.a'b\\"));
    }

    @Test
    void queryWithoutAWordIsNull() {
        assertNull(SearchText.query(" - ... "));
    }

    @Test
    void queryOfTooManyWordsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SearchText.query("w ".repeat(SearchText.MAX_QUERY_WORDS + 1)));
    }
}
