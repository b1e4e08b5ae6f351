package io.gilguard.agent;

import java.time.Instant;
import java.util.List;

/** The {@link AgentMXBean} of an attach, or of a start with {@code -javaagent} ({@code session} null). */
final class AgentControl implements AgentMXBean {
    private final AttachSession session;
    private final String rules;
    private final Instant since;

    AgentControl(AttachSession session) {
        this.session = session;
        this.rules = session.rules().source();
        this.since = session.since();
    }

    /** At start-up with {@code -javaagent}. */
    AgentControl(String rules) {
        this.session = null;
        this.rules = rules;
        this.since = Instant.now();
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
