package io.sendzen.logs.projects.rest;

import io.sendzen.logs.shared.Audited;
import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.rest.AdminViews.ListView;
import io.sendzen.logs.projects.rest.AdminViews.WabaView;
import io.sendzen.logs.shared.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The WhatsApp Business Accounts whose account-level events (with no phone number) a project receives. */
// the admin resources share one class path: a wrong method is a 405 only when all methods of a path are in it
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WabaResource {

    private final ProjectService projects;

    WabaResource(ProjectService projects) {
        this.projects = projects;
    }

    @POST
    @Path("/{id}/wabas")
    @Audited("admin.waba.add")
    public Response add(@PathParam("id") String id, ProjectService.NewWaba request) {
        return Response.status(201).entity(WabaView.of(projects.addWaba(id, request))).build();
    }

    @GET
    @Path("/{id}/wabas")
    public ListView<WabaView> list(@PathParam("id") String id, @Context UriInfo uri) {
        return ListView.of(projects.wabas(id, QueryParams.page(uri.getQueryParameters(), AdminViews.MAX_PAGE_SIZE))
                .map(WabaView::of));
    }

    @DELETE
    @Path("/{id}/wabas/{wabaId}")
    @Audited("admin.waba.remove")
    public Response remove(@PathParam("id") String id, @PathParam("wabaId") String wabaId) {
        projects.removeWaba(id, wabaId);
        return Response.noContent().build();
    }
}
