package io.sendzen.logs.projects;

import com.fasterxml.jackson.databind.JsonNode;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.Page;
import io.sendzen.logs.shared.QueryParams.PageRequest;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.SecretBox;
import io.sendzen.logs.shared.Validation;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import jakarta.transaction.Transactional;
import org.openapitools.jackson.nullable.JsonNullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The webhook endpoints a project's events are forwarded to. */
@ApplicationScoped
public class WebhookService {

    static final int MAX_URL_LENGTH = 2048;
    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    /** What a forward to an endpoint needs: whether it is enabled, and the secrets that sign (current first). */
    public record ForwardTarget(boolean enabled, List<String> secrets) {
    }

    // checked by hand, not by constraints: the URL rule follows sendzen.flyout.allow-http and the event type names are
    // normalised while checked; as constraints they would run apart from the hand checks and one body would no longer
    // name every problem
    public record NewWebhook(String url, List<String> eventTypes, Boolean enabled) {
    }

    /**
     * A PATCH body: an absent field stays as it is, an explicit null clears it where that is allowed. Checked by hand,
     * as {@link NewWebhook} is.
     */
    public record WebhookPatch(JsonNullable<String> url,
                               // a JSON node: any shape but an array of strings is told "must be an array of strings"
                               JsonNullable<JsonNode> eventTypes,
                               JsonNullable<Boolean> enabled) {
    }

    private final ProjectService projects;
    private final SendzenConfig config;

    private final Cursor cursor;
    private final SecretBox box;

    WebhookService(ProjectService projects, SendzenConfig config, Cursor cursor, SecretBox box) {
        this.projects = projects;
        this.config = config;
        this.cursor = cursor;
        this.box = box;
    }

    /** What a sealed secret is bound to: its column and row, so that it opens nowhere else. */
    private static String owner(String column, String webhookId) {
        return "webhook_endpoint." + column + ":" + webhookId;
    }

    /** A new current secret, sealed into the row and kept in clear for the one answer that shows it. */
    private void newSecret(WebhookEndpoint endpoint) {
        String secret = Ids.webhookSecret();
        endpoint.secret = box.seal(owner("secret", endpoint.id), secret);
        endpoint.revealedSecret = secret;
    }

    void onStart(@Observes StartupEvent event) {
        int sealed = QuarkusTransaction.requiringNew().call(this::sealStoredSecrets);
        if (sealed > 0) {
            LOG.infof("sealed the signing secrets of %d webhook endpoints under the first data key", sealed);
        }
    }

    /**
     * Seals the secrets stored in clear (before sealing existed) or under a data key that is no longer the first;
     * at each start, so that a rotation of {@code sendzen.secret-keys} re-seals every row. Returns how many rows.
     */
    @Transactional
    public int sealStoredSecrets() {
        int sealed = 0;
        for (WebhookEndpoint endpoint : WebhookEndpoint.<WebhookEndpoint>list(
                "secret not like ?1 or (previousSecret is not null and previousSecret not like ?1)", box.sealedPrefix() + "%")) {
            boolean changed = false;
            if (box.needsSealing(endpoint.secret)) {
                endpoint.secret = box.seal(owner("secret", endpoint.id), box.open(owner("secret", endpoint.id), endpoint.secret));
                changed = true;
            }
            if (endpoint.previousSecret != null && box.needsSealing(endpoint.previousSecret)) {
                endpoint.previousSecret = box.seal(owner("previous_secret", endpoint.id),
                        box.open(owner("previous_secret", endpoint.id), endpoint.previousSecret));
                changed = true;
            }
            if (changed) {
                sealed++;
            }
        }
        return sealed;
    }

    @Transactional
    public WebhookEndpoint create(String projectId, NewWebhook request) {
        if (request == null) {
            throw ApiException.badRequest("body", "is required");
        }
        Validation validation = new Validation();
        checkUrl(validation, request.url(), true, config.flyout().allowHttp());
        String[] types = eventTypes(validation, request.eventTypes());
        validation.throwIfAny();
        projects.get(projectId);
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.id = Ids.webhookId();
        endpoint.projectId = projectId;
        endpoint.url = request.url();
        endpoint.eventTypes = types;
        endpoint.enabled = request.enabled() == null || request.enabled();
        if (!endpoint.enabled) {
            endpoint.disabledReason = "manual";
            endpoint.disabledAt = OffsetDateTime.now();
        }
        newSecret(endpoint);
        endpoint.updatedAt = OffsetDateTime.now();
        endpoint.persist();
        return endpoint;
    }

    /** A page of the project's endpoints, oldest first. */
    public Page<WebhookEndpoint> list(String projectId, PageRequest page) {
        projects.get(projectId);
        String scope = ProjectService.projectScope(projectId);
        List<WebhookEndpoint> rows;
        if (page.nextPageToken() == null) {
            rows = WebhookEndpoint.find("projectId = ?1 order by createdAt, id", projectId)
                    .range(0, page.pageSize()).list();
        } else {
            Cursor.Keyset after = cursor.read(page.nextPageToken(), Cursor.Listing.WEBHOOKS, scope, "");
            OffsetDateTime createdAt = Cursor.atMicros(after.number(0)).atOffset(ZoneOffset.UTC);
            rows = WebhookEndpoint.find("projectId = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3)) "
                    + "order by createdAt, id", projectId, createdAt, after.text(1)).range(0, page.pageSize()).list();
        }
        return Page.of(rows, page.pageSize(), last -> cursor.issue(Cursor.Listing.WEBHOOKS, scope, "",
                Cursor.Keyset.of(Cursor.micros(last.createdAt.toInstant()), last.id)));
    }

    public WebhookEndpoint get(String projectId, String webhookId) {
        projects.get(projectId);
        WebhookEndpoint endpoint = WebhookEndpoint.findById(webhookId);
        if (endpoint == null || !endpoint.projectId.equals(projectId)) {
            throw ApiException.notFound();
        }
        return endpoint;
    }

    /** The endpoint as the forward to it needs it; empty once deleted. For the dispatcher, on any thread. */
    @Transactional
    public Optional<ForwardTarget> forwardTarget(String webhookId) {
        WebhookEndpoint endpoint = WebhookEndpoint.findById(webhookId);
        if (endpoint == null) {
            return Optional.empty();
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(box.open(owner("secret", webhookId), endpoint.secret));
        if (endpoint.previousSecret != null && endpoint.previousSecretExpiresAt != null
                && endpoint.previousSecretExpiresAt.isAfter(OffsetDateTime.now())) {
            secrets.add(box.open(owner("previous_secret", webhookId), endpoint.previousSecret));
        }
        return Optional.of(new ForwardTarget(endpoint.enabled, List.copyOf(secrets)));
    }

    @Transactional
    public WebhookEndpoint update(String projectId, String webhookId, WebhookPatch patch) {
        if (patch == null) {
            throw ApiException.badRequest("body", "is required");
        }
        Validation validation = new Validation();
        if (patch.url().isPresent()) {
            if (patch.url().get() == null) {
                validation.add("url", "must not be null");
            } else {
                checkUrl(validation, patch.url().get(), true, config.flyout().allowHttp());
            }
        }
        String[] types = patch.eventTypes().isPresent()
                ? eventTypes(validation, strings(validation, patch.eventTypes().get())) : null;
        if (patch.enabled().isPresent() && patch.enabled().get() == null) {
            validation.add("enabled", "must not be null");
        }
        validation.throwIfAny();
        WebhookEndpoint endpoint = get(projectId, webhookId);
        patch.url().ifPresent(url -> endpoint.url = url);
        if (patch.eventTypes().isPresent()) {
            endpoint.eventTypes = types;
        }
        if (patch.enabled().isPresent() && patch.enabled().get() != endpoint.enabled) {
            if (patch.enabled().get()) {
                enable(endpoint);
            } else {
                disable(endpoint, "manual");
            }
        }
        endpoint.updatedAt = OffsetDateTime.now();
        return endpoint;
    }

    /**
     * The endpoint answered {@code 410 Gone}: it is disabled, as Standard Webhooks asks, until its owner enables it
     * again; false when it already was. For the dispatcher.
     */
    @Transactional
    public boolean disableGone(String webhookId) {
        WebhookEndpoint endpoint = WebhookEndpoint.findById(webhookId);
        if (endpoint == null || !endpoint.enabled) {
            return false;
        }
        disable(endpoint, "gone");
        LOG.warnf("webhook endpoint %s of project %s answered 410 Gone: disabled until it is enabled again",
                webhookId, endpoint.projectId);
        return true;
    }

    /** An attempt to the endpoint was answered 2xx: its streak of failures ends. For the dispatcher. */
    @Transactional
    public void succeeded(String webhookId) {
        Panache.getEntityManager().createNativeQuery("""
                        update webhook_endpoint set consecutive_failures = 0, failing_since = null, last_success_at = now()
                        where id = ?1
                        """)
                .setParameter(1, webhookId).executeUpdate();
    }

    /** An endpoint's failed attempts in a row, after one more, and whether that disabled it. */
    public record Streak(int failures, boolean disabled) {
    }

    /**
     * An attempt to the endpoint failed (an answer other than 2xx, or none): its streak grows, and an endpoint that
     * has failed for {@code sendzen.flyout.disable-after} with no success between is disabled. For the dispatcher.
     */
    @Transactional
    public Streak failed(String webhookId) {
        List<?> rows = Panache.getEntityManager().createNativeQuery("""
                        update webhook_endpoint set consecutive_failures = consecutive_failures + 1,
                                                    failing_since = coalesce(failing_since, now())
                        where id = ?1
                        returning consecutive_failures, enabled and failing_since < now() - ?2 * interval '1 second'
                        """)
                .setParameter(1, webhookId).setParameter(2, config.flyout().disableAfter().toSeconds())
                .getResultList();
        if (rows.isEmpty()) {
            return new Streak(0, false);
        }
        Object[] row = (Object[]) rows.get(0);
        int failures = ((Number) row[0]).intValue();
        if (!Boolean.TRUE.equals(row[1])) {
            return new Streak(failures, false);
        }
        WebhookEndpoint endpoint = WebhookEndpoint.findById(webhookId);
        disable(endpoint, "failing");
        LOG.warnf("webhook endpoint %s of project %s has failed every attempt for %s: disabled until it is enabled again",
                webhookId, endpoint.projectId, config.flyout().disableAfter());
        return new Streak(failures, true);
    }

    /**
     * Enabled again: a fresh streak, and what it missed while disabled (its entries whose forward failed since then)
     * offered for a bulk redelivery in the answer.
     */
    private static void enable(WebhookEndpoint endpoint) {
        endpoint.missedSince = endpoint.disabledAt;
        endpoint.enabled = true;
        endpoint.disabledReason = null;
        endpoint.disabledAt = null;
        Panache.getEntityManager().createNativeQuery(
                        "update webhook_endpoint set consecutive_failures = 0, failing_since = null where id = ?1")
                .setParameter(1, endpoint.id).executeUpdate();
    }

    private static void disable(WebhookEndpoint endpoint, String reason) {
        OffsetDateTime now = OffsetDateTime.now();
        endpoint.enabled = false;
        endpoint.disabledReason = reason;
        endpoint.disabledAt = now;
        endpoint.updatedAt = now;
    }

    @Transactional
    public void delete(String projectId, String webhookId) {
        get(projectId, webhookId).delete();
    }

    /** A new secret; the previous one keeps signing alongside it for the configured overlap. */
    @Transactional
    public WebhookEndpoint rotateSecret(String projectId, String webhookId) {
        WebhookEndpoint endpoint = get(projectId, webhookId);
        OffsetDateTime now = OffsetDateTime.now();
        endpoint.previousSecret = box.seal(owner("previous_secret", webhookId),
                box.open(owner("secret", webhookId), endpoint.secret));
        endpoint.previousSecretExpiresAt = now.plus(config.flyout().secretRotationOverlap());
        newSecret(endpoint);
        endpoint.updatedAt = now;
        return endpoint;
    }

    static void checkUrl(Validation validation, String url, boolean required, boolean allowHttp) {
        if (url == null) {
            if (required) {
                validation.add("url", "is required");
            }
            return;
        }
        if (url.length() > MAX_URL_LENGTH) {
            validation.add("url", "must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        Optional<String> problem = urlProblem(url, allowHttp);
        problem.ifPresent(p -> validation.add("url", p));
    }

    private static Optional<String> urlProblem(String url, boolean allowHttp) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
                return Optional.of("must be an absolute http or https URL");
            }
            if (scheme.equals("http") && !allowHttp) {
                return Optional.of("must be https (plain http is off: sendzen.flyout.allow-http)");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.of("must name a host");
            }
            if (uri.getUserInfo() != null) {
                return Optional.of("must not carry credentials");
            }
            if (uri.getFragment() != null) {
                return Optional.of("must not have a fragment");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
    }

    /** Null for JSON null (every type); a problem and null for anything but an array of strings. */
    private static List<String> strings(Validation validation, JsonNode node) {
        if (node == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        node.forEach(item -> items.add(item.textValue()));
        if (!node.isArray() || items.contains(null)) {
            validation.add("event_types", "must be an array of strings");
            return null;
        }
        return items;
    }

    /** Null stays null (every type); names are normalised to their canonical spelling. */
    private static String[] eventTypes(Validation validation, List<String> names) {
        if (names == null) {
            return null;
        }
        if (names.isEmpty()) {
            validation.add("event_types", "must name at least one event type, or be left out for all");
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null) {
                validation.add("event_types", "must not hold null");
                continue;
            }
            EventType.parse(name).filter(t -> t.direction() == 1).ifPresentOrElse(t -> types.add(t.label()),
                    () -> validation.add("event_types", "unknown event type '" + name + "' ("
                            + EventType.receivedNames() + ")"));
        }
        return types.toArray(String[]::new);
    }
}
