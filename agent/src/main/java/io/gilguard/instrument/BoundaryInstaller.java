package io.gilguard.instrument;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.MethodPattern;
import io.gilguard.rules.Mode;
import io.gilguard.rules.Policy;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.TokenRule;
import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Locks;
import io.gilguard.runtime.Sites;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.SuperMethodCall;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Puts advice on the methods the rules name: {@link BoundaryAdvice} around every boundary method
 * ({@link EnforcedBoundaryAdvice} where a policy is enforced), {@link PairAdvice} in the two
 * methods of each method-pair lock, {@link TokenAdvice} in the save and restore methods of each
 * token. {@code native} methods are
 * wrapped through the JVM's native method prefix, so that JNI symbol lookup and
 * {@code RegisterNatives} still bind the original name; other methods get the advice inlined.
 */
public final class BoundaryInstaller {
    /** The JVM retries native lookup without this prefix, so the wrapped method keeps its symbol. */
    static final String NATIVE_PREFIX = "gilguard$";

    /**
     * The {@code mode} option, for the rules that do not say their own, where no mode is passed
     * in (at attach). Set with the runtime's tables, before any class is transformed.
     */
    private static volatile Mode defaultMode = Mode.AUDIT;

    private BoundaryInstaller() {}

    public static void defaultMode(Mode run) {
        defaultMode = run;
    }

    public static void install(Instrumentation instrumentation, RuleSet rules, Coverage coverage) {
        install(instrumentation, rules, coverage, Mode.AUDIT);
    }

    /** {@code run}: the {@code mode} option, for the rules that do not say their own. */
    public static void install(Instrumentation instrumentation, RuleSet rules, Coverage coverage, Mode run) {
        if (rules.boundaries().isEmpty() && rules.tokens().isEmpty()
                && rules.locks().stream().noneMatch(l -> l.shape() == LockRule.Shape.PAIR)) {
            return;
        }
        new AgentBuilder.Default()
                .with(AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.TypeStrategy.Default.REBASE)
                .enableNativeMethodPrefix(NATIVE_PREFIX)
                .with(Boolean.getBoolean("gilguard.debug")
                        ? new AgentBuilder.Listener.Compound(new ErrorListener(), AgentBuilder.Listener.StreamWriting.toSystemError().withTransformationsOnly())
                        : new ErrorListener())
                .ignore(ElementMatchers.<TypeDescription>isSynthetic().or(type -> Excluded.name(type.getName())))
                .assureReadEdgeTo(instrumentation, Boundaries.class)
                .type(new Matched(rules, true))
                .transform(new Transform(rules, coverage, true, run))
                .installOn(instrumentation);
    }

    /** The class and every class and interface above it, by name. */
    static List<String> typeNames(TypeDescription type) {
        Set<String> names = new LinkedHashSet<>();
        Deque<TypeDefinition> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            TypeDefinition t = todo.poll();
            if (!names.add(t.asErasure().getName())) {
                continue;
            }
            try {
                if (t.getSuperClass() != null) {
                    todo.add(t.getSuperClass());
                }
                todo.addAll(t.getInterfaces());
            } catch (RuntimeException unresolvable) {
                // A supertype that cannot be found cannot be named by a rule either.
            }
        }
        return new ArrayList<>(names);
    }

    static List<String> parameters(MethodDescription m) {
        List<String> names = new ArrayList<>();
        for (TypeDescription t : m.getParameters().asTypeList().asErasures()) {
            names.add(t.getActualName());
        }
        return names;
    }

    /** {@code natives} false at attach: there, downcalls are seen at their call sites instead. */
    static final class Matched implements ElementMatcher<TypeDescription> {
        private final RuleSet rules;
        private final boolean natives;

        Matched(RuleSet rules, boolean natives) {
            this.rules = rules;
            this.natives = natives;
        }

        @Override
        public boolean matches(TypeDescription type) {
            for (MethodDescription m : type.getDeclaredMethods()) {
                if (pairLock(rules, type, m, true) >= 0 || pairLock(rules, type, m, false) >= 0
                        || token(rules, type, m, true) >= 0 || token(rules, type, m, false) >= 0) {
                    return true;
                }
                if (natives && m.isNative() && !rules.policiesAt(Direction.DOWNCALL, List.of(type.getName()), m.getName(), parameters(m)).isEmpty()) {
                    return true;
                }
            }
            if (!rules.has(Direction.UPCALL)) {
                return false;
            }
            List<String> names = typeNames(type);
            for (MethodDescription m : type.getDeclaredMethods()) {
                if (upcall(m) && !rules.policiesAt(Direction.UPCALL, names, m.getName(), parameters(m)).isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The number of the pair lock whose acquire (or release) method {@code m} is, or -1. */
    static int pairLock(RuleSet rules, TypeDescription type, MethodDescription m, boolean acquire) {
        List<LockRule> locks = rules.locks();
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            if (lock.shape() == LockRule.Shape.PAIR) {
                MethodPattern p = acquire ? lock.acquire() : lock.release();
                if (p.matchesType(type.getName()) && p.matchesMethod(m.getName(), parameters(m))) {
                    return id;
                }
            }
        }
        return -1;
    }

    /** The number of the token rule whose save (or restore) method {@code m} is, or -1. */
    static int token(RuleSet rules, TypeDescription type, MethodDescription m, boolean save) {
        List<TokenRule> tokens = rules.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            MethodPattern p = save ? tokens.get(id).save() : tokens.get(id).restore();
            if (!m.isConstructor() && !m.isTypeInitializer() && p.matchesType(type.getName())
                    && p.matchesMethod(m.getName(), parameters(m))) {
                return id;
            }
        }
        return -1;
    }

    static boolean upcall(MethodDescription m) {
        return !m.isNative() && !m.isAbstract() && !m.isConstructor() && !m.isTypeInitializer() && !m.isBridge();
    }

    static final class Transform implements AgentBuilder.Transformer {
        private final RuleSet rules;
        private final Coverage coverage;
        private final boolean natives;
        private final Mode run;

        /** {@code natives} false at attach: a loaded class cannot gain the wrapper method. */
        Transform(RuleSet rules, Coverage coverage, boolean natives) {
            this(rules, coverage, natives, defaultMode);
        }

        /** {@code run}: the {@code mode} option, for the rules that do not say their own. */
        Transform(RuleSet rules, Coverage coverage, boolean natives, Mode run) {
            this.rules = rules;
            this.coverage = coverage;
            this.natives = natives;
            this.run = run;
        }

        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                                JavaModule module, ProtectionDomain domain) {
            SourceLines lines = SourceLines.of(classFile(type, loader));
            List<String> names = typeNames(type);
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                if (m.isNative() && !natives) {
                    continue;
                }
                int line = m.isNative() ? -1 : lines.firstLine(m.getInternalName(), m.getDescriptor());
                List<Advice> advice = new ArrayList<>();
                int acquires = pairLock(rules, type, m, true);
                int releases = pairLock(rules, type, m, false);
                if (acquires >= 0) {
                    coverage.pairSeen(acquires);
                    advice.add(pairAdvice(PairAdvice.Acquire.class, acquires, site(type, m, lines, line)));
                }
                if (releases >= 0) {
                    coverage.pairSeen(releases);
                    advice.add(pairAdvice(PairAdvice.Release.class, releases, site(type, m, lines, line)));
                }
                int saves = token(rules, type, m, true);
                int restores = token(rules, type, m, false);
                if (saves >= 0) {
                    Advice a = saveAdvice(type, m, saves, site(type, m, lines, line));
                    if (a != null) {
                        coverage.tokenSeen(saves, true);
                        advice.add(a);
                    }
                }
                if (restores >= 0) {
                    Advice a = restoreAdvice(type, m, restores, site(type, m, lines, line));
                    if (a != null) {
                        coverage.tokenSeen(restores, false);
                        advice.add(a);
                    }
                }
                if (m.isNative() || upcall(m)) {
                    Direction direction = m.isNative() ? Direction.DOWNCALL : Direction.UPCALL;
                    List<RuleSet.Applied> policies = rules.policiesAt(direction,
                            m.isNative() ? List.of(type.getName()) : names, m.getName(), parameters(m));
                    if (!policies.isEmpty()) {
                        for (RuleSet.Applied p : policies) {
                            if (p.lock != BoundaryRule.NO_LOCK) {
                                Locks.loader(p.lock, loader);
                            }
                            coverage.matched(p.rule);
                        }
                        advice.add(boundaryAdvice(site(type, m, lines, line), m.isNative(), policies));
                    }
                }
                if (advice.isEmpty()) {
                    continue;
                }
                if (m.isNative()) {
                    // A native method has no code to inline into: it is wrapped (native method prefix).
                    Implementation wrapped = SuperMethodCall.INSTANCE;
                    for (Advice a : advice) {
                        wrapped = a.wrap(wrapped);
                    }
                    builder = builder.method(ElementMatchers.is(m)).intercept(wrapped);
                } else {
                    for (Advice a : advice) {
                        builder = builder.visit(a.on(ElementMatchers.is(m)));
                    }
                }
            }
            return builder;
        }

        private static int site(TypeDescription type, MethodDescription m, SourceLines lines, int line) {
            return Sites.register(type.getName(), m.getInternalName(), lines.file(), line);
        }

        /**
         * The boundary's advice: the plain one, or the one that throws where a policy is enforced
         * (require or forbid, under enforce).
         */
        private Advice boundaryAdvice(int site, boolean downcall, List<RuleSet.Applied> policies) {
            List<RuleSet.Applied> withLock = new ArrayList<>();
            for (RuleSet.Applied p : policies) {
                if (p.lock != BoundaryRule.NO_LOCK) {
                    withLock.add(p);
                }
            }
            boolean[] enforced = new boolean[withLock.size()];
            boolean any = false;
            for (int i = 0; i < enforced.length; i++) {
                RuleSet.Applied p = withLock.get(i);
                enforced[i] = (p.policy == Policy.REQUIRE || p.policy == Policy.FORBID)
                        && Mode.of(p.rule.mode(), run) == Mode.ENFORCE;
                any |= enforced[i];
            }
            int id = define(site, downcall, policies, enforced);
            if (!any) {
                return Advice.withCustomMapping().bind(BoundaryId.class, id)
                        .to(downcall ? BoundaryAdvice.class : UpcallAdvice.class);
            }
            return Advice.withCustomMapping().bind(BoundaryId.class, id).to(EnforcedBoundaryAdvice.class);
        }

        /**
         * Defines the boundary in the runtime: the policies that name a lock (a lock-less audit
         * rule only makes it a boundary), in the order {@link #boundaryAdvice} numbers them.
         * Also for the call sites of native methods at attach ({@link DowncallSiteTransformer}),
         * where no policy is enforced.
         */
        static int define(int site, boolean downcall, List<RuleSet.Applied> policies) {
            return define(site, downcall, policies, null);
        }

        /** {@code enforced}: per policy that names a lock, as {@link #boundaryAdvice} finds it; null if none is. */
        private static int define(int site, boolean downcall, List<RuleSet.Applied> policies, boolean[] enforced) {
            List<RuleSet.Applied> withLock = new ArrayList<>();
            for (RuleSet.Applied p : policies) {
                if (p.lock != BoundaryRule.NO_LOCK) {
                    withLock.add(p);
                }
            }
            int[] locks = new int[withLock.size()];
            int[] codes = new int[withLock.size()];
            for (int i = 0; i < locks.length; i++) {
                locks[i] = withLock.get(i).lock;
                codes[i] = PolicyCodes.of(withLock.get(i).policy);
            }
            return Boundaries.define(site, downcall, locks, codes,
                    enforced != null ? enforced : new boolean[locks.length]);
        }

        /** The token is what the method returns: a reference or an integral number. */
        private static Advice saveAdvice(TypeDescription type, MethodDescription m, int rule, int site) {
            TypeDescription returned = m.getReturnType().asErasure();
            Class<?> advice = !returned.isPrimitive() ? TokenAdvice.SaveRef.class
                    : integral(returned) ? TokenAdvice.SaveValue.class : null;
            if (advice == null) {
                Errors.note("token rule: " + type.getName() + "#" + m.getName() + " returns " + returned.getActualName()
                        + ", not a token (a reference or an integral number): its saves are not followed");
                return null;
            }
            return Advice.withCustomMapping().bind(TokenId.class, rule).bind(SiteId.class, site).to(advice);
        }

        /** The token is the method's first argument. */
        private static Advice restoreAdvice(TypeDescription type, MethodDescription m, int rule, int site) {
            Class<?> advice = null;
            TypeDescription first = null;
            if (!m.getParameters().isEmpty()) {
                first = m.getParameters().get(0).getType().asErasure();
                advice = !first.isPrimitive() ? TokenAdvice.RestoreRef.class
                        : integral(first) ? TokenAdvice.RestoreValue.class : null;
            }
            if (advice == null) {
                Errors.note("token rule: " + type.getName() + "#" + m.getName() + " takes "
                        + (first == null ? "no argument" : first.getActualName() + " first")
                        + ", not a token (a reference or an integral number): its restores are not checked");
                return null;
            }
            return Advice.withCustomMapping().bind(TokenId.class, rule).bind(SiteId.class, site).to(advice);
        }

        private static boolean integral(TypeDescription t) {
            return t.represents(long.class) || t.represents(int.class) || t.represents(short.class)
                    || t.represents(char.class) || t.represents(byte.class);
        }

        private static Advice pairAdvice(Class<?> advice, int lock, int site) {
            return Advice.withCustomMapping().bind(LockId.class, lock).bind(SiteId.class, site).to(advice);
        }

        /** The class file as its loader has it, for its line table; null where there is none to read. */
        private static byte[] classFile(TypeDescription type, ClassLoader loader) {
            try {
                return ClassFileLocator.ForClassLoader.of(loader).locate(type.getName()).resolve();
            } catch (IOException | IllegalStateException e) {
                return null;
            }
        }
    }

    /** Reports what could not be instrumented: never silent, never thrown into the application. */
    static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            Errors.note("cannot instrument " + typeName + ": " + throwable);
        }
    }
}
