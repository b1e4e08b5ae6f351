package io.gilguard.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Puts {@code -javaagent:gilguard.jar=OPTIONS} at the end of a project property, {@code argLine}
 * by default, which Surefire and Failsafe pass to the test JVMs they fork: after what the
 * property holds already, and so after JaCoCo's agent, which JaCoCo's {@code prepare-agent}
 * puts first (see {@link ArgLine}). A Surefire configuration that sets its own
 * {@code <argLine>} keeps the property with {@code @{argLine}}, as with JaCoCo.
 *
 * <p>Each test JVM writes its own report, {@code destFile} with {@code %p} replaced by its pid;
 * {@code check} reads them all. Reports an earlier build left there are deleted first.
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public class PrepareAgentMojo extends AbstractMojo {
    static final String AGENT_KEY = "io.gilguard:gilguard-agent";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The plugin's own artifacts, among them the agent jar it depends on. */
    @Parameter(property = "plugin.artifactMap", readonly = true, required = true)
    Map<String, Artifact> pluginArtifactMap;

    /** The rules file ({@code rules=}). */
    @Parameter(property = "gilguard.rules", required = true)
    File rules;

    /** Each test JVM's JSON report ({@code report=}); {@code %p} is its pid. {@code check} reads every {@code *.json} in its folder. */
    @Parameter(property = "gilguard.destFile", defaultValue = "${project.build.directory}/gilguard/gilguard-%p.json")
    File destFile;

    /**
     * Each test JVM's SARIF file ({@code sarif=}), for code scanning; none unless set. Give it
     * {@code %p} too ({@code ${project.build.directory}/gilguard/gilguard-%p.sarif}): a code
     * scanning upload takes the folder.
     */
    @Parameter(property = "gilguard.sarif")
    File sarif;

    /** Each test JVM's JUnit XML of violations ({@code junit=}); none unless set: Surefire's own XML already names the tests gilguard failed. */
    @Parameter(property = "gilguard.junit")
    File junit;

    /** Violations known and accepted ({@code suppressions=}); the agent lists them apart and {@code check} does not fail for them. */
    @Parameter(property = "gilguard.suppressions")
    File suppressions;

    /** Where each test JVM writes its violations as suppressions ({@code baseline=}), to accept what is there today. */
    @Parameter(property = "gilguard.baseline")
    File baseline;

    /** Where SARIF locations' source files are looked for; default: the project's main and test source folders. */
    @Parameter
    List<File> sourceRoots;

    /**
     * {@code failOn=} in the test JVMs: {@code never} by default, since {@code check} fails the
     * build; a fork that ends with the agent's status looks to Surefire like a crashed JVM.
     */
    @Parameter(property = "gilguard.failOn", defaultValue = "never")
    String failOn;

    /** More agent options, as the agent reads them: {@code stacks=4,longHold=200}. */
    @Parameter(property = "gilguard.options")
    String options;

    /** The property to add the agent to ({@code argLine}: Surefire's and Failsafe's). */
    @Parameter(property = "gilguard.propertyName", defaultValue = "argLine")
    String propertyName;

    @Parameter(property = "gilguard.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        String old = project.getProperties().getProperty(propertyName);
        if (skip) {
            // as JaCoCo does: a Surefire <argLine>@{argLine}</argLine> must not get the text "@{argLine}"
            if (old == null) {
                project.getProperties().setProperty(propertyName, "");
            }
            getLog().info("gilguard: skipped");
            return;
        }
        // the agent would stop every test JVM with status 2, which Surefire calls a crashed fork
        if (!rules.isFile()) {
            throw new MojoExecutionException("gilguard: no rules file " + rules);
        }
        if (suppressions != null && !suppressions.isFile()) {
            throw new MojoExecutionException("gilguard: no suppressions file " + suppressions);
        }
        if (!failOn.equals("never") && !failOn.equals("violation")) {
            throw new MojoExecutionException("gilguard: bad failOn " + failOn + " (expected never or violation)");
        }
        String value;
        try {
            deleteStale();
            value = ArgLine.compose(old, ArgLine.quote("-javaagent:" + agentJar() + "=" + options()));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        project.getProperties().setProperty(propertyName, value);
        getLog().info(propertyName + " set to " + value);
    }

    /** The agent options for the test JVMs. */
    String options() {
        return new AgentOptions()
                .add("rules", rules)
                .add("report", destFile)
                .add("sarif", sarif)
                .add("junit", junit)
                .add("suppressions", suppressions)
                .add("baseline", baseline)
                .add("sourceRoots", roots())
                .add("failOn", failOn)
                .addAll(options)
                .toString();
    }

    private List<File> roots() {
        if (sourceRoots != null) {
            return sourceRoots;
        }
        List<File> roots = new ArrayList<>();
        for (String root : project.getCompileSourceRoots()) {
            roots.add(new File(root));
        }
        for (String root : project.getTestCompileSourceRoots()) {
            roots.add(new File(root));
        }
        return roots;
    }

    private String agentJar() throws MojoExecutionException {
        Artifact agent = pluginArtifactMap.get(AGENT_KEY);
        if (agent == null || agent.getFile() == null) {
            throw new MojoExecutionException("gilguard: the agent jar (" + AGENT_KEY + ":jar:agent) is not among the plugin's artifacts");
        }
        return agent.getFile().getAbsolutePath();
    }

    private void deleteStale() throws MojoExecutionException {
        try {
            for (File pattern : new File[] {destFile, sarif, junit}) {
                for (Path stale : StaleReports.delete(pattern)) {
                    getLog().debug("gilguard: deleted " + stale + ", from an earlier build");
                }
            }
        } catch (IOException e) {
            throw new MojoExecutionException("gilguard: cannot delete an earlier build's reports: " + e, e);
        }
    }
}
