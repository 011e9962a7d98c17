package io.sendzen.logs.projects.rest;

import io.sendzen.logs.shared.Audited;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.WebhookService;
import io.sendzen.logs.projects.rest.AdminViews.ListView;
import io.sendzen.logs.projects.rest.AdminViews.WebhookView;
import io.sendzen.logs.shared.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A project's webhook endpoints; the secret is shown only when created or rotated. */
// the admin resources share one class path: a wrong method is a 405 only when all methods of a path are in it
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final WebhookService webhooks;

    WebhookResource(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Path("/{id}/webhooks")
    @Audited("admin.webhook.create")
    public Response create(@PathParam("id") String id, WebhookService.NewWebhook request) {
        return Response.status(201).entity(WebhookView.of(webhooks.create(id, request), true)).build();
    }

    @GET
    @Path("/{id}/webhooks")
    public ListView<WebhookView> list(@PathParam("id") String id, @Context UriInfo uri) {
        return ListView.of(webhooks.list(id, QueryParams.page(uri.getQueryParameters(), AdminViews.MAX_PAGE_SIZE))
                .map(e -> WebhookView.of(e, false)));
    }

    @GET
    @Path("/{id}/webhooks/{webhookId}")
    public WebhookView get(@PathParam("id") String id, @PathParam("webhookId") String webhookId) {
        return WebhookView.of(webhooks.get(id, webhookId), false);
    }

    @PATCH
    @Path("/{id}/webhooks/{webhookId}")
    @Audited("admin.webhook.update")
    public WebhookView update(@PathParam("id") String id, @PathParam("webhookId") String webhookId,
                              WebhookService.WebhookPatch patch) {
        return WebhookView.of(webhooks.update(id, webhookId, patch), false);
    }

    @DELETE
    @Path("/{id}/webhooks/{webhookId}")
    @Audited("admin.webhook.delete")
    public Response delete(@PathParam("id") String id, @PathParam("webhookId") String webhookId) {
        webhooks.delete(id, webhookId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/webhooks/{webhookId}/rotate-secret")
    // no body is read, so no Content-Type is refused (curl -d '' sends a form type)
    @Consumes(MediaType.WILDCARD)
    @Audited("admin.webhook.rotate_secret")
    public WebhookView rotateSecret(@PathParam("id") String id, @PathParam("webhookId") String webhookId) {
        return WebhookView.of(webhooks.rotateSecret(id, webhookId), true);
    }
}
