package io.gilguard.agent;

import io.gilguard.instrument.BoundaryInstaller;
import io.gilguard.report.ConsoleSink;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.Mode;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.StateRule;
import io.gilguard.rules.TokenRule;
import io.gilguard.runtime.Enforce;
import io.gilguard.runtime.States;
import java.util.List;

/**
 * Gives the runtime what it needs of the {@code state} and {@code token} rules and of
 * {@code enforce}: how each state's owner is chosen, each token's label, and which rules
 * throw (a rule's own {@code enforce}/{@code audit}, else the {@code mode} option).
 */
final class StateTables {
    private StateTables() {}

    /** At start-up and at attach, before any class is transformed. */
    static void define(RuleSet rules, Mode run) {
        Enforce.format(ConsoleSink::line);
        BoundaryInstaller.defaultMode(run);
        List<LockRule> locks = rules.locks();
        boolean[] lockEnforced = new boolean[locks.size()];
        for (int i = 0; i < lockEnforced.length; i++) {
            lockEnforced[i] = Mode.of(locks.get(i).mode(), run) == Mode.ENFORCE;
        }
        Enforce.locks(lockEnforced);

        List<StateRule> states = rules.states();
        int[] owners = new int[states.size()];
        boolean[] stateEnforced = new boolean[states.size()];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = states.get(i).owner() == StateRule.Owner.CREATOR ? States.CREATOR : States.BINDER;
            stateEnforced[i] = Mode.of(states.get(i).mode(), run) == Mode.ENFORCE;
        }
        List<TokenRule> tokens = rules.tokens();
        String[] labels = new String[tokens.size()];
        boolean[] tokenEnforced = new boolean[tokens.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = tokens.get(i).label();
            tokenEnforced[i] = Mode.of(tokens.get(i).mode(), run) == Mode.ENFORCE;
        }
        States.define(owners, stateEnforced, labels, tokenEnforced);
    }

    /** The start-up line's part about state, tokens and the mode; empty when there is nothing to say. */
    static String summary(RuleSet rules, Mode run) {
        String s = "";
        if (!rules.states().isEmpty()) {
            s += ", " + rules.states().size() + " state rule" + (rules.states().size() == 1 ? "" : "s");
        }
        if (!rules.tokens().isEmpty()) {
            s += ", " + rules.tokens().size() + " token rule" + (rules.tokens().size() == 1 ? "" : "s");
        }
        if (run == Mode.ENFORCE) {
            s += ", mode enforce";
        }
        return s;
    }
}
