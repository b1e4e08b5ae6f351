package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void pathsAreAbsoluteAndEmptyOptionsLeftOut() {
        String options = new AgentOptions()
                .add("rules", new File("gil.rules"))
                .add("junit", (File) null)
                .add("failOn", "never")
                .add("sourceRoots", List.of(new File("/p/src/main/java"), new File("/p/src/test/java")))
                .addAll(" stacks=4,longHold=200 ")
                .toString();
        assertEquals("rules=" + new File("gil.rules").getAbsolutePath() + ",failOn=never"
                + ",sourceRoots=/p/src/main/java:/p/src/test/java,stacks=4,longHold=200", options);
    }

    @Test
    void aCommaWouldSplitAnOption() {
        assertThrows(IllegalArgumentException.class, () -> new AgentOptions().add("rules", new File("/a,b/gil.rules")));
        assertThrows(IllegalArgumentException.class, () -> new AgentOptions().add("sourceRoots", List.of(new File("/a:b"))));
    }
}
