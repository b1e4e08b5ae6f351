package io.gilguard.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The JDK's classes are told by their loader (and JDK module), never by their package; gilguard's own by name. */
class ExcludedTest {
    private final ClassLoader app = ExcludedTest.class.getClassLoader();
    private final Module unnamed = app.getUnnamedModule();

    /** A proxy's interface: public, so that its proxy class is in a dynamic module jdk.proxyN. */
    public interface Listener {
        void onEvent();
    }

    @Test
    void bootAndPlatformClassesAreExcluded() {
        assertTrue(Excluded.of(String.class));
        assertTrue(Excluded.of(java.sql.Date.class), "java.sql is defined by the platform loader");
        assertTrue(Excluded.of("anything.At.All", null, null));
        assertTrue(Excluded.of("anything.At.All", ClassLoader.getPlatformClassLoader(), null));
    }

    @Test
    void jdkModulesOfTheApplicationLoaderAreExcluded() {
        Module attach = ModuleLayer.boot().findModule("jdk.attach").orElse(null);
        if (attach != null) {
            assertTrue(Excluded.of("com.sun.tools.attach.VirtualMachine", attach.getClassLoader(), attach));
        }
    }

    @Test
    void applicationClassesUnderJdkLikePackagesAreNot() {
        assertFalse(Excluded.of("com.sun.jna.Native", app, unnamed));
        assertFalse(Excluded.of("javax.inject.Inject", app, unnamed));
        assertFalse(Excluded.of("io.gilguard.apps.callback.Main", app, unnamed));
        Object proxy = Proxy.newProxyInstance(app, new Class<?>[] {Listener.class}, (p, m, a) -> null);
        assertTrue(proxy.getClass().getName().startsWith("jdk.proxy") || proxy.getClass().getName().startsWith("com.sun.proxy."),
                proxy.getClass().getName());
        assertFalse(Excluded.of(proxy.getClass()), proxy.getClass().getName());
    }

    @Test
    void gilguardsOwnClassesAreExcludedByName() {
        for (String own : new String[] {"agent", "rules", "plan", "instrument", "runtime", "report", "nativehooks", "shaded",
                "cli"}) {
            assertTrue(Excluded.of("io.gilguard." + own + ".X", app, unnamed), own);
        }
        assertTrue(Excluded.of(Excluded.class));
    }
}
