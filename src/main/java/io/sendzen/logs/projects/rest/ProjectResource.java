package io.sendzen.logs.projects.rest;

import io.sendzen.logs.shared.Audited;
import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.rest.AdminViews.ListView;
import io.sendzen.logs.projects.rest.AdminViews.ProjectView;
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

/** Projects: the tenants whose entries the logs API serves. */
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private final ProjectService projects;

    ProjectResource(ProjectService projects) {
        this.projects = projects;
    }

    @POST
    @Audited("admin.project.create")
    public Response create(ProjectService.NewProject request) {
        return Response.status(201).entity(ProjectView.of(projects.create(request))).build();
    }

    @GET
    public ListView<ProjectView> list(@Context UriInfo uri) {
        return ListView.of(projects.list(QueryParams.page(uri.getQueryParameters(), AdminViews.MAX_PAGE_SIZE))
                .map(ProjectView::of));
    }

    @GET
    @Path("/{id}")
    public ProjectView get(@PathParam("id") String id) {
        return ProjectView.of(projects.get(id));
    }

    @PATCH
    @Path("/{id}")
    @Audited("admin.project.update")
    public ProjectView update(@PathParam("id") String id, ProjectService.ProjectPatch patch) {
        return ProjectView.of(projects.update(id, patch));
    }

    @DELETE
    @Path("/{id}")
    @Audited("admin.project.delete")
    public Response delete(@PathParam("id") String id) {
        projects.delete(id);
        return Response.noContent().build();
    }
}
