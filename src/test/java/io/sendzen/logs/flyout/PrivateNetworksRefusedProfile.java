package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The production default: forwards never connect to loopback, private, link-local or multicast addresses. */
public class PrivateNetworksRefusedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("sendzen.flyout.allow-private-networks", "false");
    }
}
