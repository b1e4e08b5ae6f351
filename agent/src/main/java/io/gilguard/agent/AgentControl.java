package io.gilguard.agent;

import io.gilguard.report.LiveLedger;
import java.time.Instant;
import java.util.List;

/**
 * What an agent answers about itself: the {@link AgentMXBean} of an attach, or of a start with
 * {@code -javaagent} ({@code session} null), and the requests of its {@link ControlSocket}.
 */
final class AgentControl implements AgentMXBean {
    private final AttachSession session;
    private final String rules;
    private final Instant since;
    private final LiveLedger ledger;

    AgentControl(AttachSession session) {
        this(session, session.rules().source(), session.since());
    }

    /** At start-up with {@code -javaagent}. */
    AgentControl(String rules) {
        this(null, rules, Instant.now());
    }

    private AgentControl(AttachSession session, String rules, Instant since) {
        this.session = session;
        this.rules = rules;
        this.since = since;
        this.ledger = new LiveLedger(Agent.VERSION + " in process " + ProcessHandle.current().pid() + ", " + getMode() + " "
                + since + ", rules " + rules);
    }

    /** The {@code io.gilguard:type=Ledger} bean that goes with this one. */
    LiveLedger ledger() {
        return ledger;
    }

    /** A request of the control socket ({@link Control}): the whole answer, its status word first. */
    String answer(String request) {
        switch (request) {
            case Control.REPORT:
                return Control.DONE + "\n" + ledger.report();
            case Control.REPORT_JSON:
                return Control.DONE + "\n" + ledger.reportJson();
            case Control.DETACH:
                if (session == null) {
                    return Control.REFUSED + "\ngilguard: process " + ProcessHandle.current().pid() + " runs gilguard from"
                            + " -javaagent, which cannot be detached (the native methods it wrapped at start-up cannot be"
                            + " given back their shape); only an attach can\n";
                }
                return Control.DONE + "\n" + String.join("\n", detach()) + "\n";
            default:
                return Control.REFUSED + "\ngilguard: unknown request '" + request + "' (a gilguard CLI of another"
                        + " version?)\n";
        }
    }

    @Override
    public String getVersion() {
        return Agent.VERSION;
    }

    @Override
    public String getMode() {
        return session == null ? Presence.JAVAAGENT : Presence.ATTACHED;
    }

    @Override
    public String getRules() {
        return rules;
    }

    @Override
    public String getSince() {
        return since.toString();
    }

    @Override
    public String[] getSelfCheck() {
        return session == null ? new String[0] : session.selfCheck().toArray(new String[0]);
    }

    @Override
    public String[] getTransformationErrors() {
        return session == null ? new String[0] : session.errors().toArray(new String[0]);
    }

    @Override
    public String[] detach() {
        if (session == null) {
            return new String[] {"gilguard: started with -javaagent, which cannot be undone: the native methods it wrapped"
                    + " cannot be given back their shape in a running JVM"};
        }
        List<String> lines = AttachSession.detach();
        return lines.toArray(new String[0]);
    }
}
