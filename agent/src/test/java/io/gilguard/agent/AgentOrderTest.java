package io.gilguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOrderTest {
    static final String JACOCO = "-javaagent:/home/u/.m2/repository/org/jacoco/org.jacoco.agent/0.8.14/org.jacoco.agent-0.8.14-runtime.jar=destfile=target/jacoco.exec";
    static final String GILGUARD = "-javaagent:/opt/gilguard/gilguard.jar=rules=gil.rules,report=r.json";

    @Test
    void jacocoAfterGilguardIsSaid() {
        assertNotNull(AgentOrder.jacocoAfterUs(List.of("-Xmx1g", GILGUARD, "-Dx=y", JACOCO, "-cp", "a.jar", "Main")));
    }

    @Test
    void jacocoFirstOrAbsentIsFine() {
        assertNull(AgentOrder.jacocoAfterUs(List.of(JACOCO, GILGUARD, "Main")));
        assertNull(AgentOrder.jacocoAfterUs(List.of(GILGUARD, "Main")));
        assertNull(AgentOrder.jacocoAfterUs(List.of()));
    }

    @Test
    void onlyTheJarNameCounts() {
        // "jacoco" in gilguard's options or folder, "gilguard" in JaCoCo's, are not the agents
        assertNull(AgentOrder.jacocoAfterUs(List.of("-javaagent:/jacoco/gilguard.jar=rules=jacoco.rules", "Main")));
        assertNull(AgentOrder.jacocoAfterUs(List.of(JACOCO.replace("destfile=", "destfile=gilguard/"), GILGUARD)));
    }

    @Test
    void argumentsAreTheOnesTheJdkGives() {
        List<String> jdk = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        assertEquals(jdk, AgentOrder.arguments());
        assertNotNull(jdk.isEmpty() ? null : jdk); // a test JVM has arguments: the comparison compared something
    }
}
