package io.gilguard.instrument;

import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Boundaries;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * The advice of upcalls and pair-lock methods at attach: the same transformation as at start-up
 * ({@link BoundaryInstaller}), applied to the loaded classes by retransformation, with no change
 * to any class's shape (advice only: no method, field or initializer added), so that detach can
 * give every class back its original bytecode. {@code native} methods are left to
 * {@link DowncallSiteTransformer}. Every error is said, class by class.
 */
final class AttachBoundaries {
    /** Loaded classes in batches of this many; a failing batch is retried class by class. */
    private static final int BATCH = 32;

    private AttachBoundaries() {}

    /** Null when the rules name no upcall and no pair lock. {@code attempted} gets the loaded classes retransformed. */
    static ResettableClassFileTransformer install(Instrumentation instrumentation, RuleSet rules, Coverage coverage,
                                                  Changes changes, Set<Class<?>> attempted) {
        if (!rules.has(io.gilguard.rules.Direction.UPCALL)
                && rules.locks().stream().noneMatch(l -> l.shape() == LockRule.Shape.PAIR)) {
            return null;
        }
        AgentBuilder.Listener listener = new Listener(changes);
        if (Boolean.getBoolean("gilguard.debug")) {
            listener = new AgentBuilder.Listener.Compound(listener,
                    AgentBuilder.Listener.StreamWriting.toSystemError().withTransformationsOnly());
        }
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                // loaded classes described from their class files where there are some: reflection
                // would load (or fail to load) the types of every method of every loaded class
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(BATCH))
                .with(new Batches(changes, attempted))
                .with(listener)
                .ignore(ElementMatchers.<TypeDescription>isSynthetic().or(type -> Excluded.name(type.getName())))
                .assureReadEdgeTo(instrumentation, Boundaries.class)
                .type(new BoundaryInstaller.Matched(rules, false))
                .transform(new BoundaryInstaller.Transform(rules, coverage, false))
                .installOn(instrumentation);
    }

    /** Transformations: each class changed is noted (detach restores it), each failure said. */
    private static final class Listener extends AgentBuilder.Listener.Adapter {
        private final Changes changes;

        Listener(Changes changes) {
            this.changes = changes;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            changes.changed(type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            changes.error("cannot instrument " + typeName + ": " + throwable);
        }
    }

    /** Retransformation of loaded classes: which were tried, and which the JVM refused, one by one. */
    private static final class Batches extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
        private final Changes changes;
        private final Set<Class<?>> attempted;

        Batches(Changes changes, Set<Class<?>> attempted) {
            this.changes = changes;
            this.attempted = attempted;
        }

        @Override
        public void onBatch(int index, List<Class<?>> batch, List<Class<?>> types) {
            attempted.addAll(batch);
        }

        @Override
        public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable,
                                                         List<Class<?>> types) {
            if (batch.size() > 1) {
                // again one by one, so that the error names its class and the others go through
                return batch.stream().map(List::<Class<?>>of).collect(java.util.stream.Collectors.toList());
            }
            changes.error("cannot retransform " + batch.get(0).getName() + ": " + throwable);
            return List.of();
        }
    }

    /** For callers that need a set the listener may fill from another thread. */
    static Set<Class<?>> newAttemptedSet() {
        return ConcurrentHashMap.newKeySet();
    }
}
