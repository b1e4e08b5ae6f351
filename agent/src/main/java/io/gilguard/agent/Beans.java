package io.gilguard.agent;

import io.gilguard.report.LiveLedger;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers gilguard's MBeans in the platform MBean server: {@code io.gilguard:type=Ledger}
 * (violations so far, locks held per thread) and {@code io.gilguard:type=Agent} (mode, self-check,
 * detach). A JVM without {@code java.management} runs gilguard without them.
 */
final class Beans {
    static final String AGENT = "io.gilguard:type=Agent";

    private Beans() {}

    /** Returns false, with the reason added to {@code notes}, when they could not be registered. */
    static boolean register(AgentControl control, List<String> notes) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            unregister(server);
            server.registerMBean(control.ledger(), new ObjectName(LiveLedger.NAME));
            server.registerMBean(control, new ObjectName(AGENT));
            return true;
        } catch (Throwable t) {
            notes.add("gilguard: no JMX MBeans (JConsole and Mission Control cannot show gilguard): " + t);
            return false;
        }
    }

    static void unregister() {
        try {
            unregister(ManagementFactory.getPlatformMBeanServer());
        } catch (Throwable t) {
            // nothing registered, nothing to do
        }
    }

    private static void unregister(MBeanServer server) throws Exception {
        for (String name : new String[] {LiveLedger.NAME, AGENT}) {
            ObjectName n = new ObjectName(name);
            if (server.isRegistered(n)) {
                server.unregisterMBean(n);
            }
        }
    }
}
