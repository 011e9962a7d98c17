package io.sendzen.logs.projects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;

/** A customer's webhook URL that the project's events are forwarded to (see docs/flyout.md). */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "project_id")
    public String projectId;

    public String url;

    /** Null: every event type. */
    @Column(name = "event_types")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] eventTypes;

    public boolean enabled = true;

    /** The signing secret as stored: sealed by {@code SecretBox} (see {@link WebhookService}). */
    public String secret;

    /** Sealed, as {@link #secret}. */
    @Column(name = "previous_secret")
    public String previousSecret;

    /** The secret in clear, only in the answer that created or rotated it; never stored. */
    @Transient
    public String revealedSecret;

    @Column(name = "previous_secret_expires_at")
    public OffsetDateTime previousSecretExpiresAt;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** Failed attempts since the last success; kept by the forwards' own statements (see {@link WebhookService}). */
    @Column(name = "consecutive_failures", insertable = false, updatable = false)
    public int consecutiveFailures;

    /** When the current streak of failures began; null after a success. */
    @Column(name = "failing_since", insertable = false, updatable = false)
    public OffsetDateTime failingSince;

    @Column(name = "last_success_at", insertable = false, updatable = false)
    public OffsetDateTime lastSuccessAt;

    /** Why the endpoint is disabled: {@code gone}, {@code failing} or {@code manual}; null while enabled. */
    @Column(name = "disabled_reason")
    public String disabledReason;

    @Column(name = "disabled_at")
    public OffsetDateTime disabledAt;

    /** Set by an update that enabled the endpoint again: since when it was disabled (null if never); never stored. */
    @Transient
    public OffsetDateTime missedSince;
}
