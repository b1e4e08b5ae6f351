package io.gilguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gilguard.rules.RulesException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetOptionsTest {
    @TempDir
    Path dir;

    @Test
    void pathsBecomeAbsoluteAgainstTheCliDirectoryOtherOptionsStay() throws Exception {
        Path rules = Files.writeString(dir.resolve("gil.rules"), "lock gil = static a.B.GIL\n");
        Path cwd = Path.of("").toAbsolutePath();
        String relative = cwd.relativize(rules).toString();
        TargetOptions o = TargetOptions.check("rules=" + relative + ", failOn=violation,report=out/r.json,longHold=5", cwd);
        assertEquals("rules=" + rules + ",failOn=violation,report=" + cwd.resolve("out/r.json") + ",longHold=5", o.text);
        assertEquals(1, o.rules.locks().size());
    }

    @Test
    void aRulesErrorNamesTheFileAsTheUserWroteIt() throws Exception {
        Path rules = Files.writeString(dir.resolve("bad.rules"), "lock gil = static a.B.GIL\nupcall a.B#c require gli\n");
        String relative = Path.of("").toAbsolutePath().relativize(rules).toString();
        RulesException e = assertThrows(RulesException.class,
                () -> TargetOptions.check("rules=" + relative, Path.of("").toAbsolutePath()));
        assertEquals(relative + ":2:22: unknown lock 'gli' (defined: gil)", e.getMessage());
    }

    @Test
    void anUnknownOptionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetOptions.check("rules=x.rules,foo=1", dir));
        assertEquals("gilguard: unknown option 'foo'", e.getMessage().substring(0, e.getMessage().indexOf(" (")));
    }

    @Test
    void presenceFieldsReadBackWithSpacesInTheRulesPath() {
        Map<String, String> f = Presence.parse("version=1.0 mode=attached jmx=on rules=/a b/c.rules");
        assertEquals(Map.of("version", "1.0", "mode", "attached", "jmx", "on", "rules", "/a b/c.rules"), f);
    }
}
