package io.partita.tck;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs each {@link Conformance} test once per target. Each target is created on first use and
 * kept in the root extension store, so one broker serves the whole run and is stopped (closed by
 * JUnit) when the run ends.
 */
final class TargetExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(Conformance.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(TargetExtension.class));
        return Targets.ALL.stream().map(supplier -> invocation(store.getOrComputeIfAbsent(supplier,
                s -> ((Supplier<Target>) s).get(), Target.class)));
    }

    private static TestTemplateInvocationContext invocation(Target target) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int index) {
                return "[" + target.name() + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new ParameterResolver() {
                    @Override
                    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
                        return p.getParameter().getType() == Target.class;
                    }

                    @Override
                    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
                        return target;
                    }
                });
            }
        };
    }
}
