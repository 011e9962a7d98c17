package io.sendzen.logs.flyout;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks up the addresses of a forward's host: the system's resolver, unless a test puts its own DNS in its place. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] lookup(String host) throws UnknownHostException;

    @Dependent
    class Default {
        @Produces
        @DefaultBean
        HostResolver resolver() {
            return InetAddress::getAllByName;
        }
    }
}
