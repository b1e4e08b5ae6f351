package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsWhatTheAgentWrites() {
        Object json = Json.parse(" {\"a\": [1, -2, 3.5e1, true, false, null], \"b\": {\"c\": \"x\\\"y\\\\z\\n\\u00e9\"}, \"d\": []}\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2L, 35.0, true, false, null));
        expected.put("b", Map.of("c", "x\"y\\z\né"));
        expected.put("d", List.of());
        assertEquals(expected, json);
    }

    @Test
    void aMistakeSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, 2}"));
        assertTrue(e.getMessage().contains("offset 11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": \"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
    }
}
