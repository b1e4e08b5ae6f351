package io.gilguard.cli;

import com.sun.tools.attach.VirtualMachine;
import io.gilguard.agent.Presence;
import java.io.IOException;
import java.util.Map;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Calls an operation of one of gilguard's MBeans in the target, over the JVM's local JMX
 * connector (started through the attach API if it is not running yet, as {@code jcmd
 * ManagementAgent.start_local} would). Only done once the target is known to run gilguard with
 * its MBeans, so that a JVM without gilguard is not given a JMX agent for nothing.
 */
final class Jmx {
    static final String LEDGER = "io.gilguard:type=Ledger";
    static final String AGENT = "io.gilguard:type=Agent";

    private Jmx() {}

    /** The agent's fields ({@link Presence#parse}) after checking there is an agent with MBeans. */
    static Map<String, String> requireAgent(VirtualMachine vm, Target target) throws IOException {
        String present = vm.getSystemProperties().getProperty(Presence.AGENT);
        if (present == null) {
            throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " runs no gilguard agent; load one: "
                    + Cli.JAR + " attach " + target.pid + " rules=FILE");
        }
        Map<String, String> agent = Presence.parse(present);
        if (!"on".equals(agent.get("jmx"))) {
            throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " runs gilguard without its MBeans ("
                    + agent.get("mode") + "); start it with -Dgilguard.jmx=true to read it live");
        }
        return agent;
    }

    static Object invoke(VirtualMachine vm, Target target, String bean, String operation) throws IOException {
        String address = vm.startLocalManagementAgent();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            return server.invoke(new ObjectName(bean), operation, null, null);
        } catch (InstanceNotFoundException e) {
            throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " has no MBean " + bean
                    + " (gilguard was just detached?)");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new CliError(Cli.TARGET, "gilguard: " + operation + " failed in process " + target.pid + ": " + e);
        }
    }
}
