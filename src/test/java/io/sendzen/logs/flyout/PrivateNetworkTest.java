package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSRF guard, checked on the address a host resolves to, with private networks not allowed. */
@QuarkusTest
@TestProfile(PrivateNetworksRefusedProfile.class)
class PrivateNetworkTest extends ReceiverFixture {

    private Entry forwardTo(String url) {
        Admin.addWebhook(project, url);
        Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
        return Entries.awaitStatus(project, "failed");
    }

    @Test
    void hostNameResolvingToLoopbackIsRefusedAndNothingIsSent() {
        Entry entry = forwardTo("http://localhost:" + receiver.port() + receiver.path("hook"));
        assertEquals("failed", entry.status());
        assertEquals(0, entry.responseCode());
        assertTrue(entry.response().startsWith("refused: localhost resolves to a loopback address ("), entry.response());
        assertTrue(receiver.requests().isEmpty());
    }

    @Test
    void refusalIsNotRetried() {
        Entry entry = forwardTo("http://localhost:" + receiver.port() + receiver.path("hook"));
        List<Attempts.Attempt> attempts = Attempts.of(dataSource, project, entry.logId());
        assertEquals(1, attempts.size());
        assertEquals("failed", attempts.get(0).outcome());
        assertEquals(entry.response(), attempts.get(0).error());
        assertFalse(Attempts.pending(dataSource, entry.logId()));
    }

    @Test
    void loopbackAddressIsRefused() {
        Entry entry = forwardTo(receiver.url("hook"));
        assertEquals("refused: 127.0.0.1 resolves to a loopback address (127.0.0.1)", entry.response());
        assertTrue(receiver.requests().isEmpty());
    }

    @Test
    void privateAddressIsRefused() {
        Entry entry = forwardTo("http://10.20.30.40:8080/hook");
        assertEquals("refused: 10.20.30.40 resolves to a private address (10.20.30.40)", entry.response());
    }

    @Test
    void linkLocalMetadataAddressIsRefused() {
        Entry entry = forwardTo("http://169.254.169.254/latest/meta-data/");
        assertEquals("refused: 169.254.169.254 resolves to a link-local address (169.254.169.254)", entry.response());
    }

    @Test
    void ipv4MappedIpv6LoopbackIsRefused() {
        Entry entry = forwardTo("http://[::ffff:127.0.0.1]:" + receiver.port() + receiver.path("hook"));
        assertTrue(entry.response().startsWith("refused: [::ffff:127.0.0.1] resolves to a loopback address"),
                entry.response());
        assertTrue(receiver.requests().isEmpty());
    }
}
