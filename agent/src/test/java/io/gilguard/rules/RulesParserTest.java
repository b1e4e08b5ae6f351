package io.gilguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulesParserTest {
    private static final String DESIGN_EXAMPLE = String.join("\n",
            "# a lock is named once, then used by name",
            "lock gil      = static com.example.Engine.GIL            # a Lock or monitor in a static field",
            "lock pystate  = pair com.example.Py#ensure() / com.example.Py#release(*)   # a method pair",
            "",
            "# boundary policies",
            "downcall com.example.NativeLib#compute*   release gil    # let it go around long native work",
            "downcall com.example.NativeLib#*          forbid  gil",
            "upcall   com.example.Listener#on*         acquire gil    # taken for the callback, reentrantly",
            "upcall   com.example.Renderer#draw        require gil",
            "");

    @Test
    void readsTheDesignExample() throws RulesException {
        RuleSet rules = RulesParser.parse("gil.rules", DESIGN_EXAMPLE);
        assertEquals(2, rules.locks().size());
        LockRule gil = rules.locks().get(0);
        assertEquals("gil", gil.name());
        assertEquals(LockRule.Shape.STATIC, gil.shape());
        assertEquals("com.example.Engine", gil.owner());
        assertEquals("GIL", gil.field());
        LockRule py = rules.locks().get(1);
        assertEquals(LockRule.Shape.PAIR, py.shape());
        assertTrue(py.acquire().matchesMethod("ensure", List.of()));
        assertFalse(py.acquire().matchesMethod("ensure", List.of("int")));
        assertTrue(py.release().matchesMethod("release", List.of("int")));
        assertEquals(4, rules.boundaries().size());
        assertEquals("gil.rules:6", rules.boundaries().get(0).where());
    }

    @Test
    void firstRuleForALockWins() throws RulesException {
        RuleSet rules = RulesParser.parse("gil.rules", DESIGN_EXAMPLE);
        List<RuleSet.Applied> compute = rules.policiesAt(Direction.DOWNCALL, List.of("com.example.NativeLib"), "computeAll", List.of());
        assertEquals(1, compute.size());
        assertEquals(Policy.RELEASE, compute.get(0).policy);
        List<RuleSet.Applied> other = rules.policiesAt(Direction.DOWNCALL, List.of("com.example.NativeLib"), "close", List.of());
        assertEquals(Policy.FORBID, other.get(0).policy);
        assertTrue(rules.policiesAt(Direction.UPCALL, List.of("com.example.NativeLib"), "onEvent", List.of()).isEmpty());
        List<RuleSet.Applied> listener = rules.policiesAt(Direction.UPCALL, List.of("com.example.MyListener", "com.example.Listener"), "onEvent", List.of());
        assertEquals(Policy.ACQUIRE, listener.get(0).policy);
    }

    @Test
    void parameterListsMayHoldSpacesAndSimpleNames() throws RulesException {
        RuleSet rules = RulesParser.parse("r", "lock g = static a.B.C\nupcall a.B#on(int, String) require g");
        MethodPattern p = rules.boundaries().get(0).pattern();
        assertTrue(p.matchesMethod("on", List.of("int", "java.lang.String")));
        assertFalse(p.matchesMethod("on", List.of("int")));
        assertFalse(p.matchesMethod("on", List.of("long", "java.lang.String")));
    }

    @Test
    void errorsNameFileLineAndColumn() {
        assertError("lokc gil = static a.B.C", "r:1:1: unknown rule 'lokc' (expected lock, downcall or upcall)");
        assertError("lock gil = static a.B.C\nupcall a.B#on require gli", "r:2:23: unknown lock 'gli' (defined: gil)");
        assertError("lock gil = static a.B.C\n\n  downcall a.B#n requre gil", "r:3:18: unknown policy 'requre' (expected require, forbid, acquire, release or audit)");
        assertError("lock gil static a.B.C", "r:1:10: expected '=' after the lock name, found 'static'");
        assertError("lock gil = static Engine", "r:1:19: expected CLASS.FIELD, found 'Engine'");
        assertError("lock gil = static a.B.C\nupcall a.B.on require gil", "r:2:8: expected CLASS#METHOD, found 'a.B.on'");
        assertError("lock gil = static a.B.C\nlock gil = static a.B.D", "r:2:6: lock 'gil' is already defined");
        assertError("lock p = pair a.B#x() / a.B#y()\ndowncall a.B#n release p", "r:2:16: policy 'release' needs a static Lock; 'p' is a method pair");
        assertError("lock gil = static a.B.C\ndowncall a.B#n forbid", "r:2:22: expected a lock name");
        assertError("lock gil = static a.B.C\ndowncall a.B#n forbid gil now", "r:2:27: unexpected 'now' at end of rule");
        assertError("lock p = pair a.B#x() a.B#y()", "r:1:23: expected '/' between the acquire and the release method, found 'a.B#y()'");
        assertError("lock gil = static a.B.C\nupcall a.B#on(int require gil", "r:2:14: unclosed parameter list in 'a.B#on(int require gil'");
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws RulesException {
        RuleSet rules = RulesParser.parse("r", "# only a comment\n\n   # indented comment\n");
        assertTrue(rules.locks().isEmpty());
        assertTrue(rules.boundaries().isEmpty());
    }

    @Test
    void globMatchesAcrossDots() {
        assertTrue(new Glob("com.example.*#x").matches("com.example.a.b#x"));
        assertTrue(new Glob("on*").matches("on"));
        assertFalse(new Glob("on*").matches("xon"));
        assertTrue(new Glob("*").matches(""));
    }

    private static void assertError(String text, String message) {
        RulesException e = assertThrows(RulesException.class, () -> RulesParser.parse("r", text));
        assertEquals(message, e.getMessage());
    }
}
