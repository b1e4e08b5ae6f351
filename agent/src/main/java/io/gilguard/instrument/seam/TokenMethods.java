package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.advice.Advice;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.instrument.rewrite.CallSiteHandOver;
import io.gilguard.plan.Plan;
import io.gilguard.rules.TokenRule;
import io.gilguard.runtime.Errors;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Type;

/**
 * The {@code token SAVE -> RESTORE} rules: advice in the save method notes the token it returns,
 * advice in the restore method checks the token it is given first; the Java call sites hand
 * their line over. The rewriter and the patterns ask the seam itself which calls and methods
 * are a token's (no lambda or method reference: NoLambdaTest).
 */
final class TokenMethods implements Seam, CallSiteHandOver.Callees, Patterns.PairMethods {
    private final Plan plan;
    private final List<TokenRule> tokens;

    TokenMethods(Plan plan) {
        this.plan = plan;
        this.tokens = plan.rules().tokens();
    }

    @Override
    public boolean advising() {
        return true;
    }

    @Override
    public boolean mayAdvise(ClassHeader header) {
        for (TokenRule t : tokens) {
            if (Patterns.mayDeclare(t.save(), header) || Patterns.mayDeclare(t.restore(), header)) {
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
        DeclaredType type = method.type();
        DeclaredMethod m = method.method();
        int saves = numberOf(type, m, true);
        if (saves >= 0) {
            Type returned = m.returnType();
            Advice a = Advices.save(returned, saves, method.site());
            if (a == null) {
                Errors.note("token rule: " + type.name() + "#" + m.name() + " returns " + returned.getClassName()
                        + ", not a token (a reference or an integral number): its saves are not followed");
            } else {
                plan.coverage().tokenSeen(saves, true, type.name() + "." + m.name());
                advice.add(a);
            }
        }
        int restores = numberOf(type, m, false);
        if (restores >= 0) {
            Type first = m.firstParameter();
            Advice a = Advices.restore(first, restores, method.site());
            if (a == null) {
                Errors.note("token rule: " + type.name() + "#" + m.name() + " takes "
                        + (first == null ? "no argument" : first.getClassName() + " first")
                        + ", not a token (a reference or an integral number): its restores are not checked");
            } else {
                plan.coverage().tokenSeen(restores, false, type.name() + "." + m.name());
                advice.add(a);
            }
        }
    }

    @Override
    public boolean mayRewrite(ClassHeader header) {
        for (TokenRule token : tokens) {
            if (Patterns.mayCall(token.save(), header) || Patterns.mayCall(token.restore(), header)) {
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
        for (TokenRule token : tokens) {
            if (Patterns.calls(token.save(), owner, name, descriptor) || Patterns.calls(token.restore(), owner, name, descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** The number of the token rule whose save (or restore) method {@code m} is, or -1. */
    @Override
    public int numberOf(DeclaredType type, DeclaredMethod m, boolean save) {
        for (int id = 0; id < tokens.size(); id++) {
            if (Patterns.declares(save ? tokens.get(id).save() : tokens.get(id).restore(), type, m)) {
                return id;
            }
        }
        return -1;
    }
}
