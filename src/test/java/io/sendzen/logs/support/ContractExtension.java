package io.sendzen.logs.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (JUnit extension auto-detection): installs {@link ContractFilter} in the class
 * loader the test class runs in, which under Quarkus is not the one this extension was loaded by.
 */
public class ContractExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        Class.forName(ContractFilter.class.getName(), true, loader).getMethod("install").invoke(null);
    }
}
