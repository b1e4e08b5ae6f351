package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Callbacks through a {@code java.lang.reflect.Proxy}, called from native threads: the proxy
 * class ({@code jdk.proxyN.$ProxyM}, defined in the application's loader) implements the ruled
 * interface, and its method is advised like any implementation's. It has no source file and no
 * lines.
 */
class ProxyTest {
    private static final String PROXY_CLASS = "proxy class ";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireReportsAProxyCalledWithoutTheLock(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "proxy", rules("proxy-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String proxy = proxyClass(run);
        // native-cb-0 makes the first call before the other threads start; all 4 x 1000 are counted
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0")
                .at(Site.generated(proxy, "onEvent")).count(4000));
        assertTrue(run.stderrLines().contains("gilguard: REQUIRED_NOT_HELD lock=gil thread=\"native-cb-0\" at "
                + proxy + ".onEvent(Unknown Source)"), run.toString());
        assertTrue(run.stdoutLines().stream().anyMatch(l -> l.matches("counter=\\d+ expected=4000")), run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void acquireAroundTheProxyMakesTheCountExact(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "proxy", rules("proxy-fixed") + ",failOn=violation", true);
        assertSilent(run);
        proxyClass(run);
        assertStdout(run, "counter=4000 expected=4000");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aProxyMadeBeforeAnAttachIsChecked(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "proxy", List.of("-Dgilguard.apps.proxy.mode=live"))) {
            app.awaitStdout("proxy-app: ready");
            String proxy = app.stdoutLines().stream().filter(l -> l.startsWith(PROXY_CLASS))
                    .map(l -> l.substring(PROXY_CLASS.length())).findFirst().orElseThrow(() -> new AssertionError(app));
            String pid = Long.toString(app.pid());
            Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/proxy-broken.rules");
            assertEquals(0, attach.exit, attach + "\n" + app);
            String rule = Harness.MODULE.resolve("rules/proxy-broken.rules") + ":6";
            String check = "gilguard: check: rule " + rule + " (upcall io.gilguard.apps.proxy.Listener#onEvent require gil):"
                    + " active in " + proxy + ".onEvent";
            assertTrue(attach.stdoutLines().contains(check), "expected: " + check + "\n" + attach);

            app.send("fire");
            app.awaitStdout("proxy-app: fired 1");
            String line = "gilguard: REQUIRED_NOT_HELD lock=gil thread=\"native-cb-0\" at " + Site.generated(proxy, "onEvent");
            app.awaitStderr(line, line::equals);

            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            app.send("fire");
            app.awaitStdout("proxy-app: fired 2");
            assertEquals(1, app.stderrCount(line), "reported once, and nothing after the detach\n" + app);
            app.send("quit");
            assertEquals(0, app.awaitExit(), app.toString());
        }
    }

    /** The proxy class's name, as the app prints it: in a dynamic module of the application's loader. */
    private static String proxyClass(Run run) {
        List<String> names = run.stdoutLines().stream().filter(l -> l.startsWith(PROXY_CLASS))
                .map(l -> l.substring(PROXY_CLASS.length())).collect(Collectors.toList());
        assertEquals(1, names.size(), "'" + PROXY_CLASS + "' lines\n" + run);
        assertTrue(names.get(0).matches("jdk\\.proxy\\d+\\.\\$Proxy\\d+"), names.get(0) + "\n" + run);
        return names.get(0);
    }
}
