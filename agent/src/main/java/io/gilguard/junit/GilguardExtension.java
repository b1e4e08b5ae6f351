package io.gilguard.junit;

import io.gilguard.runtime.Errors;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a JUnit 5 test for the violations that happened during it, and a test class for those
 * that happened outside its tests but while it ran. Auto-detected (the agent turns detection on,
 * {@link Activation}). A test's span is {@code BeforeEach} to {@code AfterEach}, not just its
 * method: its own {@code @BeforeEach} and {@code @AfterEach} methods are part of it. Throwing
 * from {@code afterEach} after the test failed for its own reason keeps that failure, with
 * gilguard's added to it as a suppressed exception.
 */
public final class GilguardExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GilguardExtension.class);
    private static final String CLASS = "class";
    private static final String TEST = "test";

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context, CLASS, context.getRequiredTestClass().getName(), true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(context, TEST, context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName(), false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        end(context, TEST);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        end(context, CLASS);
    }

    private static void start(ExtensionContext context, String key, String name, boolean isClass) {
        try {
            context.getStore(NAMESPACE).put(key, Attribution.get().start(name, isClass));
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    private static void end(ExtensionContext context, String key) {
        AssertionError failure;
        try {
            // remove() looks in this context's own store only: a test never ends its class's scope
            Scope scope = context.getStore(NAMESPACE).remove(key, Scope.class);
            if (scope == null) {
                return;
            }
            List<Scope.Occurrences> seen = Attribution.get().end(scope);
            failure = Failure.of(scope, seen);
        } catch (Throwable t) {
            Errors.internal(t);
            return;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
