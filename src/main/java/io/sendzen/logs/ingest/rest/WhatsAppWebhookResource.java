package io.sendzen.logs.ingest.rest;

import io.sendzen.logs.ingest.IngestService;
import io.sendzen.logs.shared.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.concurrent.CompletionStage;

/** Meta's callback URL: the verification handshake and the event deliveries (docs/meta-webhooks.md). */
@Path("/v1/webhooks/whatsapp")
public class WhatsAppWebhookResource {

    private final IngestService ingest;

    WhatsAppWebhookResource(IngestService ingest) {
        this.ingest = ingest;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String verify(@RestQuery("hub.mode") String mode, @RestQuery("hub.verify_token") String verifyToken,
                         @RestQuery("hub.challenge") String challenge) {
        if (!ingest.handshakeAccepted(mode, verifyToken) || challenge == null) {
            throw ApiException.forbidden();
        }
        return challenge;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> receive(@RestHeader("X-Hub-Signature-256") String signature, byte[] body) {
        return ingest.receive(signature, body == null ? new byte[0] : body);
    }
}
