package io.sendzen.logs.projects;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook signing secrets are stored sealed: the rows reveal none, and the forward still signs with them. */
@QuarkusTest
class SecretsAtRestTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WebhookService webhooks;

    private String[] storedSecrets(String webhookId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select secret, previous_secret, row_to_json(w)::text from webhook_endpoint w where id = ?")) {
            s.setString(1, webhookId);
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next());
                return new String[]{rows.getString(1), rows.getString(2), rows.getString(3)};
            }
        }
    }

    private void store(String webhookId, String column, String value) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update webhook_endpoint set " + column + " = ? where id = ?")) {
            s.setString(1, value);
            s.setString(2, webhookId);
            assertEquals(1, s.executeUpdate());
        }
    }

    @Test
    void theRowHoldsNoSecretInClearAndTheForwardStillSignsWithIt() throws SQLException {
        String project = Admin.createProject();
        Admin.Endpoint endpoint = Admin.addWebhook(project);
        String[] stored = storedSecrets(endpoint.id());
        assertTrue(stored[0].startsWith("sealed:v1:"), stored[0]);
        assertFalse(stored[2].contains(endpoint.secret()), "the whole row, as a dump would show it");
        assertFalse(stored[2].contains(endpoint.secret().substring("whsec_".length())));
        assertEquals(List.of(endpoint.secret()), webhooks.forwardTarget(endpoint.id()).orElseThrow().secrets());

        String rotated = Admin.rotateSecret(project, endpoint.id());
        stored = storedSecrets(endpoint.id());
        assertTrue(stored[0].startsWith("sealed:v1:") && stored[1].startsWith("sealed:v1:"));
        assertFalse(stored[2].contains(rotated) || stored[2].contains(endpoint.secret()));
        assertEquals(List.of(rotated, endpoint.secret()), webhooks.forwardTarget(endpoint.id()).orElseThrow().secrets());
    }

    @Test
    void secretsStoredBeforeSealingAreSealedAtStartAndKeepSigning() throws SQLException {
        String project = Admin.createProject();
        Admin.Endpoint endpoint = Admin.addWebhook(project);
        Admin.rotateSecret(project, endpoint.id());
        // as a database of an earlier version holds them
        store(endpoint.id(), "secret", "whsec_storedInClearBeforeSealing");
        store(endpoint.id(), "previous_secret", "whsec_previousInClear");
        assertEquals(List.of("whsec_storedInClearBeforeSealing", "whsec_previousInClear"),
                webhooks.forwardTarget(endpoint.id()).orElseThrow().secrets(), "read as they are until sealed");

        assertTrue(webhooks.sealStoredSecrets() >= 1);

        String[] stored = storedSecrets(endpoint.id());
        assertTrue(stored[0].startsWith("sealed:v1:") && stored[1].startsWith("sealed:v1:"), stored[2]);
        assertFalse(stored[2].contains("InClear"));
        assertEquals(List.of("whsec_storedInClearBeforeSealing", "whsec_previousInClear"),
                webhooks.forwardTarget(endpoint.id()).orElseThrow().secrets());
        assertEquals(0, webhooks.sealStoredSecrets(), "nothing left to seal");
    }

    @Test
    void aSealedSecretCopiedToAnotherRowDoesNotOpenThere() throws SQLException {
        String project = Admin.createProject();
        Admin.Endpoint first = Admin.addWebhook(project);
        Admin.Endpoint second = Admin.addWebhook(project);
        String own = storedSecrets(second.id())[0];
        store(second.id(), "secret", storedSecrets(first.id())[0]);
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> webhooks.forwardTarget(second.id()));
            assertNotNull(refused.getMessage());
            assertFalse(refused.getMessage().contains(first.secret()));
            assertFalse(refused.getMessage().contains("sealed:v1:"), "nor the stored text");
        } finally {
            store(second.id(), "secret", own);
        }
    }
}
