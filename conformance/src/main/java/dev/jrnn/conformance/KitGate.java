package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Skips, with the reason, a kit test whose family the backend opts out of or whose dtype argument
 * it does not support: the test is reported as skipped (aborted), never as passed. Tests a backend
 * adds to its kit subclass are gated by their dtype arguments only.
 */
public final class KitGate implements InvocationInterceptor {

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        gate(invocation, call, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        gate(invocation, call, context);
    }

    private static void gate(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                             ExtensionContext context) throws Throwable {
        KitContext kit = ((KitSuite) context.getRequiredTestInstance()).kit();
        OpFamily family = family(call.getExecutable());
        String reason = family == null ? null : kit.skipped().get(family);
        if (reason != null) {
            invocation.skip();
            Assumptions.abort("the backend opts out of " + family + ": " + reason);
        }
        for (Object argument : call.getArguments()) {
            if (argument instanceof DType d && !kit.dtypes().contains(d)) {
                invocation.skip();
                Assumptions.abort(d + " is not among the backend's supportedDtypes() " + kit.dtypes());
            }
        }
        invocation.proceed();
    }

    /**
     * The family of {@code test}: its own annotation, else its declaring suite's; null for a test
     * of the backend's own, declared in its kit subclass.
     */
    static OpFamily family(Method test) {
        Family f = test.getAnnotation(Family.class);
        if (f == null) {
            f = test.getDeclaringClass().getAnnotation(Family.class);
        }
        return f == null ? null : f.value();
    }
}
