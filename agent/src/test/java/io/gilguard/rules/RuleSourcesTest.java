package io.gilguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSourcesTest {
    @Test
    void sourcesShareOneLockNamespaceAndKeepTheirNames(@TempDir Path dir) throws Exception {
        Path lib = Files.writeString(dir.resolve("lib.rules"), "lock lib.db = monitor org.example.Db\n"
                + "downcall org.example.Db#* audit lib.db\n");
        Path app = Files.writeString(dir.resolve("app.rules"), "lock gil = static com.example.Engine.GIL\n"
                + "upcall com.example.Listener#on* require gil\n"
                + "downcall com.example.Native#slow forbid lib.db\n");
        String spec = lib + "+" + app;
        RuleSet rules = RuleSources.parse(spec);
        assertEquals(spec, rules.source());
        assertEquals(2, rules.locks().size());
        assertEquals(lib.toString(), rules.lockSource(0));
        assertEquals(app.toString(), rules.lockSource(1));
        assertEquals(List.of(lib + ":2", app + ":2", app + ":3"),
                rules.boundaries().stream().map(BoundaryRule::where).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void anErrorNamesTheSourceAtFault(@TempDir Path dir) throws Exception {
        Path lib = Files.writeString(dir.resolve("lib.rules"), "lock lib.db = monitor org.example.Db\n");
        Path app = Files.writeString(dir.resolve("app.rules"), "\ndowncall com.example.Native#slow forbid gli\n");
        RulesException e = assertThrows(RulesException.class, () -> RuleSources.parse(lib + "+" + app));
        assertEquals(app + ":2:41: unknown lock 'gli' (defined: lib.db)", e.getMessage());
    }

    @Test
    void aLockNamedTwiceAcrossSourcesIsAnError(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.rules"), "lock gil = static com.example.A.GIL\n");
        Path b = Files.writeString(dir.resolve("b.rules"), "lock gil = static com.example.B.GIL\n");
        RulesException e = assertThrows(RulesException.class, () -> RuleSources.parse(a + "+" + b));
        assertEquals(true, e.getMessage().startsWith(b + ":1:"), e.getMessage());
    }

    @Test
    void emptySourcesAndUnknownSetsAreRefused() {
        assertEquals("gilguard: rules=a.rules++b.rules has an empty source (sources are joined by '+')",
                assertThrows(RulesException.class, () -> RuleSources.parse("a.rules++b.rules")).getMessage());
        assertEquals(true, assertThrows(RulesException.class, () -> RuleSources.parse("builtin:no-such-lib")).getMessage()
                .startsWith("gilguard: unknown built-in rule set 'no-such-lib' (built in: "));
        assertEquals(true, assertThrows(RulesException.class, () -> RuleSources.parse("builtin:../x")).getMessage()
                .startsWith("gilguard: unknown built-in rule set '../x'"));
    }

    @Test
    void theFirstLineSaysWhatASetWasWrittenFor() {
        assertEquals("org.xerial:sqlite-jdbc 3.54.1.0", BuiltinSets.writtenFor(
                "# gilguard built-in rule set: sqlite-jdbc, written for org.xerial:sqlite-jdbc 3.54.1.0\nlock x = monitor a.B\n"));
        assertEquals(null, BuiltinSets.writtenFor("# some rules\n"));
    }
}
