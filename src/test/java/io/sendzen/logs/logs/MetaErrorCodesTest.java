package io.sendzen.logs.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaErrorCodesTest {

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {131047, 131026, 131049, 131050, 131051, 130429, 131056, 132000, 132001, 132015, 133010,
            131000, 368, 190})
    void commonCodeIsExplained(int code) {
        MetaErrorCodes.Explanation explanation = MetaErrorCodes.explain(code).orElseThrow();
        assertEquals(code, explanation.code());
        assertFalse(explanation.title().isBlank());
        assertFalse(explanation.meaning().isBlank());
        assertFalse(explanation.action().isBlank());
    }

    @Test
    void reEngagementSaysToSendATemplate() {
        assertTrue(MetaErrorCodes.explain(131047).orElseThrow().action().contains("template"));
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {-1, 7, 999999, 131999})
    void unknownCodeHasNoExplanation(int code) {
        assertTrue(MetaErrorCodes.explain(code).isEmpty());
    }
}
