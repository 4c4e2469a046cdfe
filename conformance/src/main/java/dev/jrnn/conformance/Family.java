package dev.jrnn.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@link OpFamily} of a suite's tests: on a suite interface for all of its tests, or on a test
 * method for that test alone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Family {
    OpFamily value();
}
