package io.sendzen.logs.shared;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose every successful call is an audit record (written by the audit package) with this action, its path parameters
 * (and the id of what it created) as the target. Failed calls change nothing and are not recorded.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

    String value();
}
