package io.gilguard.plan;

import io.gilguard.rules.Policy;
import io.gilguard.runtime.Boundaries;

/** A rule's policy as the runtime's number for it. */
final class PolicyCodes {
    private PolicyCodes() {}

    static int of(Policy policy) {
        switch (policy) {
            case REQUIRE:
                return Boundaries.REQUIRE;
            case FORBID:
                return Boundaries.FORBID;
            case ACQUIRE:
                return Boundaries.ACQUIRE;
            case RELEASE:
                return Boundaries.RELEASE;
            case AUDIT:
                return Boundaries.AUDIT;
            default:
                throw new IllegalArgumentException(policy.name());
        }
    }
}
