package io.sendzen.logs.outgoing.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.sendzen.logs.outgoing.SendService;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/messages}: SendZen's send call. Its body is read on the event loop, the checks run on a worker
 * thread, and the answer follows Meta's and the record's commit without a thread waiting for either.
 */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SendResource {

    private final SendService sends;
    private final ProjectAccess access;

    SendResource(SendService sends, ProjectAccess access) {
        this.sends = sends;
        this.access = access;
    }

    @POST
    @RolesAllowed(Scopes.MESSAGES_SEND)
    public CompletionStage<Response> send(JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return sends.send(access.claimedProject(), body, idempotencyKey)
                .thenApply(answer -> Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(answer.body()).build());
    }
}
