package io.partita.tck;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A conformance test: run once against each of {@link Targets#ALL}, with the
 * {@link io.partita.tck.Target} as a parameter. Name the section it checks with
 * {@code @DisplayName("3.4.3 ...")}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(TargetExtension.class)
public @interface Conformance {
}
