package io.sendzen.logs.flyout;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sendzen.logs.flyout.Entries.Entry;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A name that resolves to an allowed address when it is checked and to a refused one on the next lookup: the
 * request goes only to the address that was checked, and the next attempt, which sees the refused one, sends
 * nothing. 127.0.0.1 stands for the allowed address (allowed by {@code allowed-networks}, as an operator would allow
 * a receiver in their own network) and 127.0.0.2 for the refused one, with private networks not allowed.
 */
@QuarkusTest
@TestProfile(DnsRebindingTest.Rebinding.class)
class DnsRebindingTest extends ReceiverFixture {

    public static class Rebinding implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sendzen.flyout.allow-private-networks", "false",
                    "sendzen.flyout.allowed-networks", "127.0.0.1/32");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RebindingDns.class);
        }
    }

    @Inject
    RebindingDns dns;

    @Test
    void theRequestGoesToTheCheckedAddressAndARebindingToARefusedOneSendsNothing() throws IOException {
        // the refused address listens on the same port, counting every connection it is offered
        AtomicInteger refusedConnections = new AtomicInteger();
        try (ServerSocket refused = new ServerSocket()) {
            refused.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[]{127, 0, 0, 2}), receiver.port()));
            Thread counter = new Thread(() -> {
                while (!refused.isClosed()) {
                    try (Socket ignored = refused.accept()) {
                        refusedConnections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            counter.setDaemon(true);
            counter.start();

            // the receiver fails the first attempt, so there is a second one, after the name has rebound
            String path = receiver.path("hook");
            receiver.url("hook", Receiver.Answer.of(500, "try again"));
            Admin.addWebhook(project, "http://hook" + RebindingDns.DOMAIN + ":" + receiver.port() + path);
            Meta.post(Meta.singleStatus(phone, Meta.wamid(), "delivered")).statusCode(200);
            Entry entry = Entries.await(project, e -> e.response() != null && e.response().startsWith("refused: "));

            List<Attempts.Attempt> attempts = Attempts.of(dataSource, project, entry.logId());
            assertEquals(2, attempts.size(), attempts.toString());
            assertEquals(500, attempts.get(0).responseCode(), attempts.toString());
            assertEquals("refused: hook.rebind.test resolves to a loopback address (127.0.0.2)", attempts.get(1).error());
            assertEquals(1, receiver.requests().size(), "the checked address got the first attempt, and only it");
            assertEquals("hook.rebind.test:" + receiver.port(), receiver.requests().get(0).header("Host"));
            assertEquals(0, refusedConnections.get(), "nothing connected to the address the name rebound to");
            // one lookup per attempt: none between the check and the connection
            assertEquals(2, dns.lookups());
            assertEquals("failed", entry.status());
        }
    }
}
