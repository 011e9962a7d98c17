package io.sendzen.logs.messages.rest;

import io.sendzen.logs.messages.MessageRequests;
import io.sendzen.logs.messages.MessageService;
import io.sendzen.logs.messages.MessageViews;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.sql.SQLException;

/** {@code GET /v1/messages/{wamid}} (one message's statuses) and {@code GET /v1/messages?stuck=} (stuck ones). */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    private final MessageService messages;
    private final ProjectAccess access;

    MessagesResource(MessageService messages, ProjectAccess access) {
        this.messages = messages;
        this.access = access;
    }

    @GET
    @RolesAllowed(Scopes.LOGS_READ)
    public MessageViews.Response<MessageViews.StuckPage> stuck(@Context UriInfo uri) throws SQLException {
        String projectId = access.currentProject();
        MessageViews.StuckPage page = messages.stuck(projectId, MessageRequests.stuck(uri.getQueryParameters()));
        return new MessageViews.Response<>("Messages retrieved successfully", page);
    }

    @GET
    @Path("{wamid}")
    @RolesAllowed(Scopes.LOGS_READ)
    public MessageViews.Response<MessageViews.Timeline> message(@PathParam("wamid") String wamid) throws SQLException {
        String projectId = access.currentProject();
        return new MessageViews.Response<>("Message retrieved successfully",
                messages.timeline(projectId, MessageRequests.wamid(wamid)));
    }
}
