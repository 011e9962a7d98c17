package io.sendzen.logs.flyout.rest;

import io.sendzen.logs.flyout.FlyoutDispatcher;
import io.sendzen.logs.flyout.FlyoutStore;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.shared.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /v1/logs/{log_id}/redeliver}: forward an entry again, now. */
@Path("/v1/logs/{log_id}/redeliver")
@Produces(MediaType.APPLICATION_JSON)
public class RedeliverResource {

    private final FlyoutStore store;
    private final FlyoutDispatcher dispatcher;
    private final ProjectAccess access;

    RedeliverResource(FlyoutStore store, FlyoutDispatcher dispatcher, ProjectAccess access) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.access = access;
    }

    @POST
    @RolesAllowed(Scopes.LOGS_WRITE)
    public Response redeliver(@PathParam("log_id") String logId) throws SQLException {
        String projectId = access.currentProject();
        long id;
        try {
            id = Long.parseLong(logId);
        } catch (NumberFormatException e) {
            throw ApiException.notFound();
        }
        try {
            if (!store.redeliver(projectId, id)) {
                throw ApiException.conflict("log_id", "the entry was not forwarded to any endpoint");
            }
        } catch (FlyoutStore.NoSuchEntry e) {
            throw ApiException.notFound();
        }
        dispatcher.wake();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("log_id", logId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Redelivery scheduled");
        body.put("data", data);
        return Response.accepted(body).build();
    }
}
