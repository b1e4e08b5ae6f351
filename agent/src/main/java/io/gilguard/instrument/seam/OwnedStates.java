package io.gilguard.instrument.seam;

import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.PoolNames;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.rewrite.CallSiteHandOver;
import io.gilguard.instrument.rewrite.Constructors;
import io.gilguard.instrument.rewrite.OwnedStateRewriter;
import io.gilguard.instrument.rewrite.SourceLines;
import io.gilguard.instrument.rewrite.TypeNames;
import io.gilguard.plan.Plan;
import io.gilguard.rules.MethodPattern;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.StateRule;
import io.gilguard.runtime.Errors;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code state} rules: each class of thread state is rewritten so that its objects know
 * their owner thread and its methods check it ({@link OwnedStateRewriter}); the Java calls that
 * make an object owned (a creator's {@code new}, a bind, an unbind) hand their line over; the
 * rewriter asks the seam itself which (no lambda or method reference: NoLambdaTest).
 */
final class OwnedStates implements Seam, CallSiteHandOver.Callees {
    private final Plan plan;
    private final RuleSet rules;

    /**
     * What a class that may make or use a state object mentions, when every rule names its class,
     * bind and unbind in full: asked of every class that loads, in one walk. Null when one is a
     * pattern: then each rule is asked.
     */
    private final PoolNames mentioned;

    OwnedStates(Plan plan) {
        this.plan = plan;
        this.rules = plan.rules();
        this.mentioned = namedInFull(rules.states());
    }

    private static PoolNames namedInFull(List<StateRule> states) {
        List<String> names = new ArrayList<>();
        for (StateRule state : states) {
            if (state.type().contains("*")) {
                return null;
            }
            names.add(state.type().replace('.', '/'));
            for (MethodPattern call : new MethodPattern[] {state.bind(), state.unbind()}) {
                if (call != null) {
                    String method = call.method().toString();
                    if (method.contains("*")) {
                        return null;
                    }
                    names.add(method);
                }
            }
        }
        return PoolNames.of(names);
    }

    /** A state class itself, or one that may make one ({@code new}) or call its bind or unbind method. */
    @Override
    public boolean mayRewrite(ClassHeader header) {
        if (rules.states().isEmpty()) {
            return false;
        }
        if (rules.stateOf(header.name()) >= 0) {
            return true;
        }
        if (mentioned != null) {
            return header.mentionsAny(mentioned);
        }
        for (StateRule state : rules.states()) {
            String type = state.type();
            if (type.contains("*") || header.mentions(type.replace('.', '/'))
                    || Patterns.mayCall(state.bind(), header) || Patterns.mayCall(state.unbind(), header)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        ClassVisitor v = next;
        int state = rules.stateOf(file.name());
        if (state >= 0 && (file.reader().getAccess() & Opcodes.ACC_INTERFACE) == 0) {
            v = new OwnedStateRewriter(v, rules.states().get(state), state, fielded(file), SourceLines.of(file.bytes()),
                    Constructors.delegating(file.reader()), file.onChange());
            plan.coverage().stateSeen(state, file.name());
        }
        return new CallSiteHandOver(v, this, file.onChange());
    }

    /**
     * Fields can be added while a class loads at start-up, not when it is retransformed, unless it
     * got them when it loaded (then it must keep them). At attach no class gets them, not even one
     * loaded later, so that a detach can give every class back its own code: owners are then kept
     * in the fallback's weak map.
     */
    private static boolean fielded(ClassFile file) {
        boolean addsFields = file.phase() == Phase.STARTUP;
        boolean fielded = file.redefined() == null ? addsFields : OwnedStateRewriter.hasFields(file.redefined());
        if (!fielded) {
            Errors.note("state " + file.name() + (addsFields ? " was loaded before gilguard"
                    : " is checked by an attached gilguard") + ": its owners are kept in a weak map (a map"
                    + " look-up per checked call), and its objects made before gilguard saw it are not checked");
        }
        return fielded;
    }

    /** A creator-owned state's constructor, or a binder-owned one's bind or unbind method. */
    @Override
    public boolean takeSite(String owner, String name, String descriptor) {
        int rule = rules.stateOf(owner.replace('/', '.'));
        if (rule < 0) {
            return false;
        }
        StateRule state = rules.states().get(rule);
        if (name.equals("<init>")) {
            return state.owner() == StateRule.Owner.CREATOR;
        }
        if (state.owner() != StateRule.Owner.BINDER) {
            return false;
        }
        List<String> params = TypeNames.parameters(descriptor);
        return state.bind().matchesMethod(name, params) || state.unbind() != null && state.unbind().matchesMethod(name, params);
    }

    /** Classes of thread state loaded before gilguard: retransformed to the fallback (weak map). */
    @Override
    public boolean retransformAtStartUp(Class<?> loaded) {
        return !loaded.isInterface() && !loaded.isArray() && loaded.getClassLoader() != null
                && rules.stateOf(loaded.getName()) >= 0;
    }
}
