package io.sendzen.logs.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.sendzen.logs.outgoing.FakeCloudApi;

import java.util.Map;

/** The fake Cloud API of the test run, on loopback; the service sends to it. Each test scripts its own numbers. */
@QuarkusTestResource(value = CloudApiResource.class, restrictToAnnotatedClass = false)
public class CloudApiResource implements QuarkusTestResourceLifecycleManager {

    private static volatile FakeCloudApi fake;

    @Override
    public Map<String, String> start() {
        fake = FakeCloudApi.start();
        return Map.of("sendzen.cloud-api.base-url", fake.baseUrl());
    }

    public static FakeCloudApi fake() {
        return fake;
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
