package io.gilguard.instrument;

import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Errors;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Classes of thread state that were loaded before gilguard installed (by another agent, or before
 * an attach): they cannot get the owner field any more, so they are retransformed to the
 * fallback, which keeps owners in a weak identity map ({@link CallSiteTransformer} says so).
 * Their objects made before now have no recorded owner and are not checked.
 */
public final class LoadedStates {
    private LoadedStates() {}

    /** Call after the {@link CallSiteTransformer} is added. */
    public static void retransform(Instrumentation instrumentation, RuleSet rules) {
        if (rules.states().isEmpty()) {
            return;
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (!c.isInterface() && !c.isArray() && c.getClassLoader() != null && rules.stateOf(c.getName()) >= 0
                    && !Excluded.name(c.getName()) && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        for (Class<?> c : loaded) {
            try {
                instrumentation.retransformClasses(c); // the transformer says which way it is checked
            } catch (Throwable t) {
                Errors.note("state " + c.getName() + " was loaded before gilguard and cannot be checked: " + t);
            }
        }
    }
}
