package io.sendzen.logs.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sendzen.logs.shared.EventType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the webhook endpoint counts, under {@code sendzen_ingest_*} in /q/metrics. */
@ApplicationScoped
public class IngestMetrics {

    private final Counter deliveries;
    private final Counter redeliveries;
    private final Counter signatureFailures;
    private final Counter unrouted;
    private final Counter unavailable;
    private final Map<EventType, Counter> storedByType = new EnumMap<>(EventType.class);
    private final Timer acknowledgement;

    IngestMetrics(MeterRegistry registry) {
        deliveries = registry.counter("sendzen.ingest.deliveries");
        redeliveries = registry.counter("sendzen.ingest.redeliveries");
        signatureFailures = registry.counter("sendzen.ingest.signature.failures");
        unrouted = registry.counter("sendzen.ingest.unrouted");
        unavailable = registry.counter("sendzen.ingest.unavailable");
        for (EventType type : EventType.values()) {
            storedByType.put(type, registry.counter("sendzen.ingest.entries", "event_type",
                    type.name().toLowerCase(Locale.ROOT)));
        }
        acknowledgement = Timer.builder("sendzen.ingest.ack")
                .description("time from receipt to the answer of a delivery")
                .publishPercentileHistogram()
                .register(registry);
    }

    void delivery() {
        deliveries.increment();
    }

    void signatureFailure() {
        signatureFailures.increment();
    }

    void redelivered(int events) {
        redeliveries.increment(events);
    }

    void unavailable(int deliveries) {
        unavailable.increment(deliveries);
    }

    void stored(List<SplitEvent> events, long unroutedEntries) {
        for (SplitEvent event : events) {
            storedByType.get(event.type()).increment();
        }
        unrouted.increment(unroutedEntries);
    }

    void acknowledged(long startNanos) {
        acknowledgement.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
