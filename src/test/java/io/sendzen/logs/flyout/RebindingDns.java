package io.sendzen.logs.flyout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS that rebinds: names under {@code .rebind.test} resolve to 127.0.0.1 on the first lookup and to 127.0.0.2 on
 * every later one; any other name goes to the system's resolver. Enabled only by the test profile that lists it.
 */
@Alternative
@ApplicationScoped
public class RebindingDns implements HostResolver {

    static final String DOMAIN = ".rebind.test";

    private final AtomicInteger lookups = new AtomicInteger();

    @Override
    public InetAddress[] lookup(String host) throws UnknownHostException {
        if (!host.endsWith(DOMAIN)) {
            return InetAddress.getAllByName(host);
        }
        byte last = (byte) (lookups.incrementAndGet() == 1 ? 1 : 2);
        return new InetAddress[]{InetAddress.getByAddress(host, new byte[]{127, 0, 0, last})};
    }

    int lookups() {
        return lookups.get();
    }
}
