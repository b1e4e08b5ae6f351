package io.gilguard.instrument.seam;

import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Locks;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At attach, the static locks whose class is already initialized: the assignment gilguard
 * follows at start-up happened long ago, so the field is read once, here. A class not loaded
 * yet is left to the rewritten assignment in its initializer. The families get a line each,
 * saying how their members are met.
 */
final class LoadedLocks {
    private LoadedLocks() {}

    /** A class in a named module must open its package to gilguard for the field to be read. */
    private static void open(Instrumentation instrumentation, Class<?> owner) {
        Module module = owner.getModule();
        Module agent = LoadedLocks.class.getModule();
        String pkg = owner.getPackageName();
        if (module.isNamed() && !module.isOpen(pkg, agent)) {
            instrumentation.redefineModule(module, Set.of(), Map.of(), Map.of(pkg, Set.of(agent)), Set.of(), Map.of());
        }
    }

    /** What an attach can follow of a family, for the self-check. */
    private static String family(LockRule lock, Class<?>[] loaded) {
        String name = "lock '" + lock.name() + "' = " + lock.describe();
        Class<?> owner = null;
        for (Class<?> c : loaded) {
            if (c.getName().equals(lock.owner())) {
                owner = c;
            }
        }
        if (owner == null) {
            return name + ": its class is not loaded yet; followed from when it is";
        }
        if (lock.shape() == LockRule.Shape.MONITOR) {
            return name + ": followed in synchronized blocks and methods from their next call; a monitor entered"
                    + " before the attach is not in the ledger";
        }
        try {
            Field f = owner.getDeclaredField(lock.field());
            if (Modifier.isStatic(f.getModifiers())) {
                return "NOT active: " + name + ": the field is static (write 'static')";
            }
        } catch (NoSuchFieldException e) {
            return "NOT active: " + name + ": " + lock.owner() + " has no field " + lock.field();
        } catch (Throwable t) {
            return name + ": cannot look at the field: " + t;
        }
        return name + ": objects made before the attach are met where the field is read, new ones where it is"
                + " assigned";
    }

    /** Binds what it can; one line per static lock, for the self-check ({@code NOT} where it cannot act). */
    static List<String> bind(Instrumentation instrumentation, RuleSet rules) {
        List<LockRule> locks = rules.locks();
        Class<?>[] loaded = instrumentation.getAllLoadedClasses();
        List<String> lines = new ArrayList<>();
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            if (lock.shape().family()) {
                lines.add(family(lock, loaded));
                continue;
            }
            if (lock.shape() != LockRule.Shape.STATIC) {
                continue;
            }
            String name = "lock '" + lock.name() + "' = static " + lock.owner() + "." + lock.field();
            Class<?> owner = null;
            for (Class<?> c : loaded) {
                if (c.getName().equals(lock.owner())) {
                    owner = c;
                    break;
                }
            }
            if (owner == null) {
                lines.add(name + ": its class is not loaded yet; followed from when it is");
                continue;
            }
            Locks.loader(id, owner.getClassLoader());
            try {
                Field f = owner.getDeclaredField(lock.field());
                if (!Modifier.isStatic(f.getModifiers())) {
                    lines.add("NOT active: " + name + ": the field is not static");
                    continue;
                }
                open(instrumentation, owner);
                f.setAccessible(true);
                Object value = f.get(null);
                if (value == null) {
                    lines.add(name + ": null for now; followed once assigned");
                } else {
                    Locks.bind(value, id);
                    lines.add(name + ": followed, a " + value.getClass().getName());
                }
            } catch (NoSuchFieldException e) {
                lines.add("NOT active: " + name + ": " + lock.owner() + " has no field " + lock.field());
            } catch (Throwable t) {
                lines.add("NOT active: " + name + ": cannot read it: " + t);
            }
        }
        return lines;
    }
}
