package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgLineTest {
    private static final String JACOCO = "-javaagent:/m2/org/jacoco/org.jacoco.agent/0.8.14/org.jacoco.agent-0.8.14-runtime.jar=destfile=/p/target/jacoco.exec";
    private static final String GILGUARD = "-javaagent:/m2/io/gilguard/gilguard-agent/0.1.0/gilguard-agent-0.1.0-agent.jar=rules=/p/gil.rules";
    private static final String GILGUARD_OLD = "-javaagent:/opt/gilguard.jar=rules=/old.rules";

    @Test
    void noValueYetIsTheAgentAlone() {
        assertEquals(GILGUARD, ArgLine.compose(null, GILGUARD));
        assertEquals(GILGUARD, ArgLine.compose("  ", GILGUARD));
    }

    @Test
    void afterJacocosPrepareAgentGoesAfterItsAgent() {
        assertEquals(JACOCO + " " + GILGUARD, ArgLine.compose(JACOCO, GILGUARD));
    }

    @Test
    void jacocoAfterGilguardIsPutBefore() {
        // an argLine written by hand (or a second run of this goal) with gilguard's agent first
        String value = ArgLine.compose(GILGUARD_OLD + " " + JACOCO + " -Xmx1g", GILGUARD);
        assertEquals(JACOCO + " -Xmx1g " + GILGUARD, value);
        List<String> args = ArgLine.split(value);
        assertTrue(ArgLine.isJacocoAgent(args.get(0)));
        assertTrue(ArgLine.isGilguardAgent(args.get(2)));
    }

    @Test
    void runTwiceKeepsOneGilguardAgent() {
        String once = ArgLine.compose(JACOCO, GILGUARD);
        String twice = ArgLine.compose(once, GILGUARD);
        assertEquals(once, twice);
    }

    @Test
    void whatIsThereIsKeptAsWritten() {
        assertEquals("-Xmx1g  -Dx=@{y} " + GILGUARD, ArgLine.compose("-Xmx1g  -Dx=@{y}", GILGUARD));
        // a property of the @{argLine} form, replaced by Surefire later, is left to Surefire
        assertEquals("@{argLine} -ea " + GILGUARD, ArgLine.compose("@{argLine} -ea", GILGUARD));
    }

    @Test
    void aPathWithABlankIsQuotedAndStaysOneArgument() {
        String agent = ArgLine.quote("-javaagent:/home/a b/gilguard-agent-0.1.0-agent.jar=rules=/home/a b/gil.rules");
        assertEquals("\"-javaagent:/home/a b/gilguard-agent-0.1.0-agent.jar=rules=/home/a b/gil.rules\"", agent);
        String jacoco = "\"-javaagent:/home/a b/org.jacoco.agent-0.8.14-runtime.jar=destfile=/home/a b/jacoco.exec\"";
        String oldGilguard = "'-javaagent:/x y/gilguard.jar=rules=/r'";
        String value = ArgLine.compose(oldGilguard + " " + jacoco, agent);
        assertEquals(jacoco + " " + agent, value);
        assertEquals(List.of(jacoco, agent), ArgLine.split(value));
    }

    @Test
    void quotingIsOnlyForWhatNeedsIt() {
        assertEquals("-javaagent:/a/gilguard.jar=rules=/r", ArgLine.quote("-javaagent:/a/gilguard.jar=rules=/r"));
        assertEquals("\"-Dname=it's\"", ArgLine.quote("-Dname=it's"));
        assertThrows(IllegalArgumentException.class, () -> ArgLine.quote("-javaagent:/a\"b/gilguard.jar"));
    }

    @Test
    void onlyAgentsAreAgents() {
        assertFalse(ArgLine.isGilguardAgent("-Dgilguard.debug=true"));
        assertFalse(ArgLine.isGilguardAgent("-javaagent:/x/other.jar=rules=/gilguard.rules"));
        assertFalse(ArgLine.isJacocoAgent(GILGUARD));
        assertTrue(ArgLine.isJacocoAgent(JACOCO));
    }
}
