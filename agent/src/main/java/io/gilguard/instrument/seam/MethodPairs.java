package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advice;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.instrument.rewrite.CallSiteHandOver;
import io.gilguard.plan.Plan;
import io.gilguard.rules.LockRule;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassVisitor;

/**
 * The method-pair locks ({@code lock NAME = pair ACQUIRE / RELEASE}): advice in the two methods
 * sees every call, from Java, a method reference or native code; the Java call sites hand their
 * line over to it. The rewriter and the patterns ask the seam itself which calls and methods
 * are a pair's (no lambda or method reference: NoLambdaTest).
 */
final class MethodPairs implements Seam, CallSiteHandOver.Callees, Patterns.PairMethods {
    private static final String PAIR_ACQUIRED = "io/gilguard/runtime/LockHooks.pairAcquired";
    private static final String PAIR_RELEASING = "io/gilguard/runtime/LockHooks.pairReleasing";

    private final Plan plan;
    private final List<LockRule> locks;

    MethodPairs(Plan plan) {
        this.plan = plan;
        this.locks = plan.rules().locks();
    }

    @Override
    public boolean advising() {
        return true;
    }

    @Override
    public boolean mayAdvise(ClassHeader header) {
        for (LockRule l : locks) {
            if (l.shape() == LockRule.Shape.PAIR
                    && (Patterns.mayDeclare(l.acquire(), header) || Patterns.mayDeclare(l.release(), header))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean advises(DeclaredType type) {
        return Patterns.declaresEither(type, this);
    }

    @Override
    public void advise(AdvisedMethod method, List<Advice> advice) {
        for (boolean acquire : new boolean[] {true, false}) {
            int lock = numberOf(method.type(), method.method(), acquire);
            if (lock >= 0) {
                plan.coverage().pairSeen(lock, acquire, method.type().name() + "." + method.name());
                advice.add(Advices.pair(acquire, lock, method.site()));
            }
        }
    }

    @Override
    public boolean mayRewrite(ClassHeader header) {
        for (LockRule lock : locks) {
            if (lock.shape() == LockRule.Shape.PAIR && (Patterns.mayCall(lock.acquire(), header)
                    || Patterns.mayCall(lock.release(), header))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        return new CallSiteHandOver(next, this, file.onChange());
    }

    @Override
    public boolean takeSite(String owner, String name, String descriptor) {
        for (LockRule lock : locks) {
            if (lock.shape() == LockRule.Shape.PAIR && (Patterns.calls(lock.acquire(), owner, name, descriptor)
                    || Patterns.calls(lock.release(), owner, name, descriptor))) {
                return true;
            }
        }
        return false;
    }

    /** The number of the pair lock whose acquire (or release) method {@code m} is, or -1. */
    @Override
    public int numberOf(DeclaredType type, DeclaredMethod m, boolean acquire) {
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            if (lock.shape() == LockRule.Shape.PAIR && Patterns.declares(acquire ? lock.acquire() : lock.release(), type, m)) {
                return id;
            }
        }
        return -1;
    }

    @Override
    public void check(SelfCheck check) {
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            if (lock.shape() != LockRule.Shape.PAIR) {
                continue;
            }
            List<String> active = new ArrayList<>();
            List<String> inactive = new ArrayList<>();
            for (Class<?> c : check.advised()) {
                DeclaredType type = DeclaredType.of(c);
                for (DeclaredMethod m : type.methods()) {
                    for (boolean acquire : new boolean[] {true, false}) {
                        if (numberOf(type, m, acquire) != id) {
                            continue;
                        }
                        String where = c.getName() + "#" + m.name();
                        if (m.isNative()) {
                            inactive.add(where + " (native: at attach, a native method cannot take advice)");
                        } else if (check.calls(c, m.signature(),
                                acquire ? PAIR_ACQUIRED : PAIR_RELEASING)) {
                            active.add(where);
                        } else {
                            inactive.add(where + check.reason(c));
                        }
                    }
                }
            }
            String name = "lock '" + lock.name() + "' = pair " + lock.acquire() + " / " + lock.release();
            check.report(null, name, active, inactive, "in", "no loaded class declares its methods; followed from when one is loaded");
        }
    }
}
