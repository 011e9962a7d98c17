package io.sendzen.logs.audit.rest;

import io.sendzen.logs.audit.AuditPages;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.shared.Page;
import io.sendzen.logs.shared.QueryParams;
import io.sendzen.logs.shared.Validation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import java.sql.SQLException;

/** {@code GET /v1/audit}: the project's own audit trail, and {@code GET /v1/admin/audit}: everyone's. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int MAX_PAGE_SIZE = 100;
    private static final String PROJECT_ID = "projectId";

    private final AuditPages pages;
    private final ProjectAccess access;

    AuditResource(AuditPages pages, ProjectAccess access) {
        this.pages = pages;
        this.access = access;
    }

    @GET
    @Path("/audit")
    @RolesAllowed(Scopes.LOGS_READ)
    public AuditViews.Response project(@Context UriInfo uri) throws SQLException {
        String projectId = access.currentProject();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Validation validation = new Validation();
        QueryParams.PageRequest page = QueryParams.page(validation, query, MAX_PAGE_SIZE);
        validation.throwIfAny();
        Page<AuditTrail.Entry> records = pages.ofProject(projectId, page);
        return new AuditViews.Response("Audit records retrieved successfully",
                new AuditViews.Page(records.items().stream().map(AuditViews.RecordView::of).toList(),
                        records.nextPageToken()));
    }

    @GET
    @Path("/admin/audit")
    @RolesAllowed(Scopes.ADMIN)
    public AuditViews.AdminList all(@Context UriInfo uri) throws SQLException {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        Validation validation = new Validation();
        QueryParams.PageRequest page = QueryParams.page(validation, query, MAX_PAGE_SIZE);
        String projectId = QueryParams.single(validation, query, PROJECT_ID);
        if (projectId != null && (projectId.isBlank() || projectId.length() > 64 || projectId.indexOf('\0') >= 0)) {
            validation.add(PROJECT_ID, "must be a project id");
        }
        validation.throwIfAny();
        Page<AuditTrail.Entry> records = pages.ofAll(projectId, page);
        return new AuditViews.AdminList(records.items().stream().map(AuditViews.RecordView::of).toList(),
                records.nextPageToken());
    }
}
