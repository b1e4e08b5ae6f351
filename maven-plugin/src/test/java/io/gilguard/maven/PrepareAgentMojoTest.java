package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareAgentMojoTest {
    @Test
    void appendsTheAgentAfterJacocosWithEveryOption(@TempDir Path dir) throws Exception {
        String jacoco = "-javaagent:/m2/org.jacoco.agent-0.8.14-runtime.jar=destfile=" + dir + "/target/jacoco.exec";
        PrepareAgentMojo mojo = mojo(dir);
        mojo.project.getProperties().setProperty("argLine", jacoco);
        mojo.execute();
        assertEquals(jacoco + " -javaagent:" + dir + "/gilguard-agent-agent.jar=rules=" + dir + "/gil.rules"
                + ",report=" + dir + "/target/gilguard/gilguard-%p.json"
                + ",sourceRoots=" + dir + "/src/main/java:" + dir + "/src/test/java,failOn=never,stacks=4",
                mojo.project.getProperties().getProperty("argLine"));
    }

    @Test
    void deletesTheReportsOfAnEarlierBuild(@TempDir Path dir) throws Exception {
        Path old = Reports.write(dir.resolve("target/gilguard"), "gilguard-77.json", new String[0], new String[0], new String[0]);
        mojo(dir).execute();
        assertFalse(Files.exists(old));
    }

    @Test
    void skipLeavesAnEmptyPropertyForAtArgLine(@TempDir Path dir) throws Exception {
        PrepareAgentMojo mojo = mojo(dir);
        mojo.skip = true;
        mojo.execute();
        assertEquals("", mojo.project.getProperties().getProperty("argLine"));
    }

    @Test
    void whatWouldStopEveryTestJvmStopsTheBuildHere(@TempDir Path dir) throws Exception {
        PrepareAgentMojo noRules = mojo(dir);
        noRules.rules = dir.resolve("typo.rules").toFile();
        assertThrows(MojoExecutionException.class, noRules::execute);
        PrepareAgentMojo badFailOn = mojo(dir);
        badFailOn.failOn = "violations";
        assertThrows(MojoExecutionException.class, badFailOn::execute);
        PrepareAgentMojo noSuppressions = mojo(dir);
        noSuppressions.suppressions = dir.resolve("none.txt").toFile();
        assertThrows(MojoExecutionException.class, noSuppressions::execute);
    }

    @Test
    void withoutTheAgentJarItSaysSo(@TempDir Path dir) throws Exception {
        PrepareAgentMojo mojo = mojo(dir);
        mojo.pluginArtifactMap = Map.of();
        assertThrows(MojoExecutionException.class, mojo::execute);
    }

    private static PrepareAgentMojo mojo(Path dir) throws IOException {
        MavenProject project = new MavenProject();
        project.addCompileSourceRoot(dir.resolve("src/main/java").toString());
        project.addTestCompileSourceRoot(dir.resolve("src/test/java").toString());
        Artifact agent = new DefaultArtifact("io.gilguard", "gilguard-agent", "0.1.0", "runtime", "jar", "agent", new DefaultArtifactHandler("jar"));
        agent.setFile(dir.resolve("gilguard-agent-agent.jar").toFile());
        PrepareAgentMojo mojo = new PrepareAgentMojo();
        mojo.project = project;
        mojo.pluginArtifactMap = Map.of(PrepareAgentMojo.AGENT_KEY, agent);
        mojo.rules = Files.writeString(dir.resolve("gil.rules"), "lock gil = static com.example.Engine.GIL\n").toFile();
        mojo.destFile = new File(dir + "/target/gilguard/gilguard-%p.json");
        mojo.failOn = "never";
        mojo.options = "stacks=4";
        mojo.propertyName = "argLine";
        mojo.setLog(new Said());
        return mojo;
    }
}
