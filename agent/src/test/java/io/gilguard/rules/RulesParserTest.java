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
    void readsLockFamilies() throws RulesException {
        RuleSet rules = RulesParser.parse("r", "lock db = monitor org.sqlite.core.NativeDB\n"
                + "lock engine = field com.example.Engine.lock enforce\n"
                + "upcall org.sqlite.BusyHandler#callback forbid db\n"
                + "downcall com.example.Engine#step* require engine");
        LockRule db = rules.locks().get(0);
        assertEquals(LockRule.Shape.MONITOR, db.shape());
        assertEquals("org.sqlite.core.NativeDB", db.owner());
        assertEquals("monitor org.sqlite.core.NativeDB", db.describe());
        assertTrue(db.shape().family());
        LockRule engine = rules.locks().get(1);
        assertEquals(LockRule.Shape.FIELD, engine.shape());
        assertEquals("com.example.Engine", engine.owner());
        assertEquals("lock", engine.field());
        assertEquals(Mode.ENFORCE, engine.mode());
        assertEquals("field com.example.Engine.lock", engine.describe());
        assertEquals(2, rules.boundaries().size());
    }

    @Test
    void readsSymbolRules() throws RulesException {
        RuleSet rules = RulesParser.parse("r", String.join("\n",
                "lock gil = static a.B.GIL",
                "downcall native:ZSTD_compress* audit gil",
                "downcall a.B#n forbid gil",
                "downcall native:qsort forbid gil"));
        BoundaryRule zstd = rules.boundaries().get(0);
        assertEquals("native:ZSTD_compress*", zstd.target());
        assertEquals(null, zstd.pattern());
        assertTrue(rules.hasSymbols());
        List<RuleSet.Applied> at = rules.policiesAtSymbol("ZSTD_compressStream2", null);
        assertEquals(1, at.size());
        assertEquals(Policy.AUDIT, at.get(0).policy);
        // the first rule for the lock in file order decides, across method and symbol rules
        assertEquals(Policy.FORBID, rules.policiesAtSymbol("qsort", null).get(0).policy);
        assertTrue(rules.policiesAtSymbol("ZSTD_decompress", null).isEmpty());
        // a symbol rule never matches a method by its Java name, nor a method rule a symbol
        assertTrue(rules.policiesAt(Direction.DOWNCALL, List.of("x.Y"), "qsort", List.of()).isEmpty());
        assertEquals(Policy.FORBID, rules.policiesAt(Direction.DOWNCALL, List.of("x.Y"), "n", List.of(),
                List.of("qsort"), null).get(0).policy);
    }

    @Test
    void symbolErrorsNameLineAndColumn() {
        assertError("lock gil = static a.B.C\nupcall native:cb require gil",
                "r:2:8: an upcall rule names the Java method native code calls (CLASS#METHOD), not a C symbol");
        assertError("lock gil = static a.B.C\ndowncall native: forbid gil", "r:2:17: expected a C symbol after 'native:'");
        assertError("lock gil = static a.B.C\ndowncall native:a-b forbid gil",
                "r:2:17: bad C symbol 'a-b' (letters, digits, '_', '$', '@', '.' and '*')");
    }

    @Test
    void familyErrorsNameLineAndColumn() {
        assertError("lock db = monitor a.B#c", "r:1:19: expected a class name, found 'a.B#c'");
        assertError("lock db = monitor a.*", "r:1:19: expected a class name, found 'a.*'");
        assertError("lock e = field Engine", "r:1:16: expected CLASS.FIELD, found 'Engine'");
        assertError("lock e = instance a.B.c", "r:1:10: unknown lock kind 'instance' (expected static, field, monitor or pair)");
        assertError("lock db = monitor a.B\nupcall a.C#on acquire db",
                "r:2:15: policy 'acquire' needs a static Lock; 'db' is a family of locks (monitor): which of its objects would gilguard take?");
        assertError("lock e = field a.B.c\ndowncall a.C#n release e",
                "r:2:16: policy 'release' needs a static Lock; 'e' is a family of locks (field): which of its objects would gilguard take?");
    }

    @Test
    void errorsNameFileLineAndColumn() {
        assertError("lokc gil = static a.B.C", "r:1:1: unknown rule 'lokc' (expected lock, downcall, upcall, state or token)");
        assertError("lock gil = static a.B.C\nupcall a.B#on require gli", "r:2:23: unknown lock 'gli' (defined: gil)");
        assertError("lock gil = static a.B.C\n\n  downcall a.B#n requre gil", "r:3:18: unknown policy 'requre' (expected require, forbid, acquire, release or audit)");
        assertError("lock gil static a.B.C", "r:1:10: expected '=' after the lock name, found 'static'");
        assertError("lock gil = static Engine", "r:1:19: expected CLASS.FIELD, found 'Engine'");
        assertError("lock gil = static a.B.C\nupcall a.B.on require gil", "r:2:8: expected CLASS#METHOD, found 'a.B.on'");
        assertError("lock gil = static a.B.C\nlock gil = static a.B.D", "r:2:6: lock 'gil' is already defined");
        assertError("lock p = pair a.B#x() / a.B#y()\ndowncall a.B#n release p", "r:2:16: policy 'release' needs a static Lock; 'p' is a method pair");
        assertError("lock gil = static a.B.C\ndowncall a.B#n forbid", "r:2:22: expected a lock name");
        assertError("lock gil = static a.B.C\ndowncall a.B#n forbid gil now",
                "r:2:27: unexpected 'now' at end of rule (only enforce or audit may follow)");
        assertError("lock p = pair a.B#x() a.B#y()", "r:1:23: expected '/' between the acquire and the release method, found 'a.B#y()'");
        assertError("lock gil = static a.B.C\nupcall a.B#on(int require gil", "r:2:14: unclosed parameter list in 'a.B#on(int require gil'");
    }

    @Test
    void readsStateRules() throws RulesException {
        RuleSet rules = RulesParser.parse("r", String.join("\n",
                "state a.Interp owner=creator",
                "state a.Ctx owner = binder(makeCurrent, release(int)) draw* flush() enforce",
                "state a.Gc owner=binder(bind) audit   # a comment",
                "state a.Run owner=creator run(String) audit()"));
        assertEquals(4, rules.states().size());
        StateRule interp = rules.states().get(0);
        assertEquals("a.Interp", interp.type());
        assertEquals(StateRule.Owner.CREATOR, interp.owner());
        assertTrue(interp.methods().isEmpty());
        assertEquals(null, interp.mode());
        assertEquals("r:1", interp.where());
        assertEquals(0, rules.stateOf("a.Interp"));
        assertEquals(-1, rules.stateOf("a.Interpreter"));

        StateRule ctx = rules.states().get(1);
        assertEquals(StateRule.Owner.BINDER, ctx.owner());
        assertTrue(ctx.bind().matchesMethod("makeCurrent", List.of()));
        assertTrue(ctx.unbind().matchesMethod("release", List.of("int")));
        assertFalse(ctx.unbind().matchesMethod("release", List.of()));
        assertEquals(2, ctx.methods().size());
        assertTrue(ctx.methods().get(0).matchesMethod("drawArrays", List.of("int")));
        assertTrue(ctx.methods().get(1).matchesMethod("flush", List.of()));
        assertFalse(ctx.methods().get(1).matchesMethod("flush", List.of("int")));
        assertEquals(Mode.ENFORCE, ctx.mode());

        StateRule gc = rules.states().get(2);
        assertEquals(null, gc.unbind());
        assertEquals(Mode.AUDIT, gc.mode());

        // a method called 'audit' is written with its parameters, so that it is not the last word
        StateRule run = rules.states().get(3);
        assertEquals(null, run.mode());
        assertEquals(2, run.methods().size());
        assertTrue(run.methods().get(1).matchesMethod("audit", List.of()));
    }

    @Test
    void readsTokenRules() throws RulesException {
        RuleSet rules = RulesParser.parse("r", String.join("\n",
                "token a.Py#saveThread() -> a.Py#restoreThread(long)",
                "token a.Py#save()->b.Ts#restore(*) enforce"));
        assertEquals(2, rules.tokens().size());
        TokenRule py = rules.tokens().get(0);
        assertTrue(py.save().matchesType("a.Py"));
        assertTrue(py.save().matchesMethod("saveThread", List.of()));
        assertTrue(py.restore().matchesMethod("restoreThread", List.of("long")));
        assertEquals("a.Py#saveThread->restoreThread", py.label());
        assertEquals(null, py.mode());
        TokenRule other = rules.tokens().get(1);
        assertEquals("a.Py#save->b.Ts#restore", other.label());
        assertEquals(Mode.ENFORCE, other.mode());
    }

    @Test
    void ruleLinesMayEndWithTheirMode() throws RulesException {
        RuleSet rules = RulesParser.parse("r", String.join("\n",
                "lock gil = static a.B.GIL enforce",
                "lock py = pair a.Py#ensure() / a.Py#release() audit",
                "lock audit = static a.B.C",
                "downcall a.N#f forbid gil enforce",
                "upcall a.L#on require gil audit",
                "upcall a.L#off acquire gil",
                "downcall a.N#g forbid audit"));
        assertEquals(Mode.ENFORCE, rules.locks().get(0).mode());
        assertEquals(Mode.AUDIT, rules.locks().get(1).mode());
        assertEquals(null, rules.locks().get(2).mode());
        assertEquals(Mode.ENFORCE, rules.boundaries().get(0).mode());
        assertEquals(Mode.AUDIT, rules.boundaries().get(1).mode());
        assertEquals(null, rules.boundaries().get(2).mode());
        // 'audit' in the lock's place is the lock named audit
        assertEquals(2, rules.boundaries().get(3).lock());
        assertEquals(null, rules.boundaries().get(3).mode());
        assertEquals(Mode.ENFORCE, Mode.of(null, Mode.ENFORCE));
        assertEquals(Mode.AUDIT, Mode.of(Mode.AUDIT, Mode.ENFORCE));
    }

    @Test
    void stateAndTokenErrorsNameLineAndColumn() {
        assertError("state a.B", "r:1:10: expected owner=creator or owner=binder(BIND[, UNBIND])");
        assertError("state a.B#x owner=creator", "r:1:7: expected a class name, found 'a.B#x'");
        assertError("state a.B owns=creator",
                "r:1:11: expected owner=creator or owner=binder(BIND[, UNBIND]) after the class, found 'owns'");
        assertError("state a.B owner creator", "r:1:17: expected '=' after 'owner', found 'creator'");
        assertError("state a.B owner=maker", "r:1:17: unknown owner 'maker' (expected creator or binder(BIND[, UNBIND]))");
        assertError("state a.B owner=binder()", "r:1:17: expected binder(BIND) or binder(BIND, UNBIND), found 'binder()'");
        assertError("state a.B owner=binder(a, b, c)",
                "r:1:17: expected binder(BIND) or binder(BIND, UNBIND), found 'binder(a, b, c)'");
        assertError("state a.B owner=binder", "r:1:17: expected binder(BIND) or binder(BIND, UNBIND), found 'binder'");
        assertError("state a.B owner=binder(x.Y#z)",
                "r:1:24: name the method without its class (it is the state's own): 'x.Y#z'");
        assertError("state a.B owner=binder(bind, un*)",
                "r:1:30: a bind or unbind method names one method: no '*' in 'un*'");
        assertError("state a.B owner=creator x.y", "r:1:25: bad method name 'x.y'");
        assertError("state a.B owner=creator run(int", "r:1:28: unclosed parameter list in 'run(int'");
        assertError("state a.B owner=creator\nstate a.B owner=binder(b)", "r:2:7: state a.B is already defined (r:1)");
        assertError("token a.Py#save()", "r:1:18: expected '->' and the restore method");
        assertError("token a.Py#save() to a.Py#restore(long)",
                "r:1:19: expected '->' between the save and the restore method, found 'to'");
        assertError("token a.Py#save() ->", "r:1:21: expected the restore method CLASS#METHOD");
        assertError("token a.Py#save() -> a.Py#restore()",
                "r:1:22: the restore method takes the token as its first argument; 'a.Py#restore()' has none");
        assertError("token a.Py#sa* -> a.Py#restore(*)",
                "r:1:7: a token rule names one save and one restore method: no '*' in 'a.Py#sa*'");
        assertError("token a.Py#save()->a.Py#restore(*) now",
                "r:1:36: unexpected 'now' at end of rule (only enforce or audit may follow)");
        assertError("lock g = static a.B.C enforce now", "r:1:31: unexpected 'now' after 'enforce'");
        assertError("lock g = static a.B.C\ndowncall a.B#n release g enforce",
                "r:2:26: 'enforce' applies to require and forbid rules: policy 'release' finds nothing to stop before the call");
        assertError("lock g = static a.B.C\nupcall a.B#n audit g enforce",
                "r:2:22: 'enforce' applies to require and forbid rules: policy 'audit' finds nothing to stop before the call");
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws RulesException {
        RuleSet rules = RulesParser.parse("r", "# only a comment\n\n   # indented comment\n");
        assertTrue(rules.locks().isEmpty());
        assertTrue(rules.boundaries().isEmpty());
    }

    /** Lines end at \n or \r\n (a lone \r is part of the line); line numbers count either way. */
    @Test
    void linesEndAtNewlineOrCarriageReturnNewline() throws RulesException {
        RuleSet rules = RulesParser.parse("r", "lock gil = static a.B.C\r\n\r\ndowncall a.B#n forbid gil\n");
        assertEquals("r:3", rules.boundaries().get(0).where());
        assertError("lock gil = static a.B.C\r\ndowncall a.B#n forbid\r\n", "r:2:22: expected a lock name");
        assertError("lock gil = static a.B.C\rdowncall a.B#n forbid gil", "r:1:25: unexpected 'downcall' at end of rule (only enforce or audit may follow)");
    }

    private static void assertError(String text, String message) {
        RulesException e = assertThrows(RulesException.class, () -> RulesParser.parse("r", text));
        assertEquals(message, e.getMessage());
    }
}
