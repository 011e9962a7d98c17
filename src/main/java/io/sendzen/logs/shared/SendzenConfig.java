package io.sendzen.logs.shared;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code sendzen.*} setting; the README has the table with the environment-variable forms. */
@ConfigMapping(prefix = "sendzen")
public interface SendzenConfig {

    /** Where the embedded PostgreSQL and generated keys live. */
    @WithDefault("./data")
    String dataDir();

    EmbeddedDb embeddedDb();

    Jwt jwt();

    Meta meta();

    Ingest ingest();

    PageToken pageToken();

    /**
     * Data keys (base64, 32 bytes) that seal stored secrets: the first seals, every one opens. Generated into the data
     * dir when not configured, as the signing keys are.
     */
    List<String> secretKeys();

    Flyout flyout();

    AccessLog accessLog();

    RateLimit rateLimit();

    Http http();

    Audit audit();

    interface Audit {
        /** How long audit records are kept; they outlive what they describe. */
        @WithDefault("400")
        int retentionDays();
    }

    Messages messages();

    Jobs jobs();

    Retention retention();

    CloudApi cloudApi();

    /** Where sends go: the WhatsApp Cloud API (Meta's Graph API), or a stand-in of it. */
    interface CloudApi {
        @WithDefault("https://graph.facebook.com")
        String baseUrl();

        @WithDefault("v21.0")
        String version();

        @WithDefault("5s")
        Duration connectTimeout();

        /** The whole exchange with Meta, connection included; past it the send answers 502. */
        @WithDefault("30s")
        Duration timeout();

        /** Connections kept open to the Cloud API. */
        @WithDefault("256")
        int maxConnections();

        /** How long an Idempotency-Key of a send is honoured. */
        @WithDefault("24h")
        Duration idempotencyWindow();
    }

    interface EmbeddedDb {
        /** 0 picks a free port at each start. */
        @WithDefault("0")
        int port();
    }

    interface Jwt {
        @WithDefault("sendzen-logs")
        String issuer();

        /** The longest lifetime the admin API grants a project token. */
        @WithDefault("P365D")
        Duration maxTtl();
    }

    interface Meta {
        /** Meta App Secrets; any of them verifies a signature, so a secret can be rotated. */
        Optional<List<String>> appSecrets();

        Optional<String> verifyToken();

        @WithDefault("4194304")
        int maxBodyBytes();
    }

    interface Ingest {
        /** Deliveries waiting for the writer; beyond this the service answers 503 and Meta retries. */
        @WithDefault("10000")
        int queueCapacity();

        /** The most events committed in one transaction. */
        @WithDefault("2000")
        int maxBatchEvents();

        /** How long the writer waits for more deliveries to join a small batch. */
        @WithDefault("2ms")
        Duration maxWait();

        /** How many days ahead the partitions of the log table reach. */
        @WithDefault("7")
        int partitionDaysAhead();
    }

    interface PageToken {
        /** HMAC keys, base64: the first signs, every one verifies. */
        List<String> keys();
    }

    interface Flyout {
        @WithDefault("10s,1m,5m,30m,1h,2h,4h,8h,12h,24h")
        String retrySchedule();

        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** Networks (such as 10.1.2.0/24) a forward may reach though the guard refuses their kind. */
        Optional<List<String>> allowedNetworks();

        /** Endpoints must be https unless this allows plain http. */
        @WithDefault("false")
        boolean allowHttp();

        /** An endpoint whose attempts have all failed for this long, with no success between, is disabled. */
        @WithDefault("5d")
        Duration disableAfter();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("4")
        int maxConcurrencyPerEndpoint();

        /** How long the previous secret of an endpoint still signs after a rotation. */
        @WithDefault("24h")
        Duration secretRotationOverlap();
    }

    interface AccessLog {
        /** One JSON line per request on the {@code access} logger. */
        @WithName("json")
        @WithDefault("false")
        boolean json();
    }

    /** Read by the HTTP server's own settings (quarkus.http.idle-timeout, quarkus.http.limits.max-connections). */
    interface Http {
        /** A connection that sends nothing for this long is closed. */
        @WithDefault("60s")
        Duration idleTimeout();

        @WithDefault("10000")
        int maxConnections();
    }

    interface Messages {
        /**
         * How far before the stuck window {@code GET /v1/messages?stuck=} looks for a message's first status: the
         * bound of that scan, so its cost follows the traffic of this period, not the whole table.
         */
        @WithDefault("P7D")
        Duration stuckLookback();
    }

    interface RateLimit {
        /** Requests a second each project's tokens may make to the project API, across all instances; 0: no limit. */
        @WithDefault("100")
        double requestsPerSecond();

        /** Requests a project may make at once before the rate applies. */
        @WithDefault("200")
        int burst();

        /**
         * How often each instance tells the others what it took of each allowance, and reads what they took: the
         * longest a request on one instance goes uncounted on the others.
         */
        @WithDefault("150ms")
        Duration shareInterval();
    }

    interface Jobs {
        /** Entries a bulk delete job deletes per batch, each batch its own short transaction. */
        @WithDefault("5000")
        int batchSize();

        /**
         * The least rest between two batches of a job; the runner also rests as long as the batch took, and longer
         * while the database is busy with other work (see {@link #giveWay()}).
         */
        @WithDefault("10ms")
        Duration batchPause();

        /**
         * How far a job that gives way (a bulk delete) yields to the rest of the service: after each batch it rests
         * the batch's time times {@code 1 + giveWay × busy}, where busy is the share of its recent looks (one before
         * each batch) that found another statement running in the database. 0: a job takes half of one connection's
         * time, however busy.
         */
        @WithDefault("30")
        double giveWay();

        /** How long a claimed job stays with its instance without a batch; then another instance takes it up. */
        @WithDefault("60s")
        Duration lease();

        /** How often each instance looks for a job to run (a job submitted to it starts at once). */
        @WithDefault("2s")
        Duration pollInterval();
    }

    interface Retention {
        /** Monthly partitions of the log table that ended more than this many days ago are dropped; off when unset. */
        Optional<Integer> maxDays();

        /** Where retention first archives what it removes (gzip NDJSON per project and day); off when unset. */
        Optional<String> archiveDir();
    }
}
