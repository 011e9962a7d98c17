package io.sendzen.logs.projects.rest;

import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.rest.AdminViews.ListView;
import io.sendzen.logs.projects.rest.AdminViews.PhoneNumberView;
import io.sendzen.logs.projects.rest.AdminViews.WabaView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The phone numbers and WhatsApp Business Accounts whose events a project receives. */
// the admin resources share one class path: a wrong method is a 405 only when all methods of a path are in it
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PhoneNumberResource {

    private final ProjectService projects;

    PhoneNumberResource(ProjectService projects) {
        this.projects = projects;
    }

    @POST
    @Path("/{id}/phone-numbers")
    public Response addPhoneNumber(@PathParam("id") String id, ProjectService.NewPhoneNumber request) {
        return Response.status(201).entity(PhoneNumberView.of(projects.addPhoneNumber(id, request))).build();
    }

    @GET
    @Path("/{id}/phone-numbers")
    public ListView<PhoneNumberView> phoneNumbers(@PathParam("id") String id) {
        return new ListView<>(projects.phoneNumbers(id).stream().map(PhoneNumberView::of).toList());
    }

    @DELETE
    @Path("/{id}/phone-numbers/{phoneNumberId}")
    public Response removePhoneNumber(@PathParam("id") String id, @PathParam("phoneNumberId") String phoneNumberId) {
        projects.removePhoneNumber(id, phoneNumberId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/wabas")
    public Response addWaba(@PathParam("id") String id, ProjectService.NewWaba request) {
        return Response.status(201).entity(WabaView.of(projects.addWaba(id, request))).build();
    }

    @GET
    @Path("/{id}/wabas")
    public ListView<WabaView> wabas(@PathParam("id") String id) {
        return new ListView<>(projects.wabas(id).stream().map(WabaView::of).toList());
    }

    @DELETE
    @Path("/{id}/wabas/{wabaId}")
    public Response removeWaba(@PathParam("id") String id, @PathParam("wabaId") String wabaId) {
        projects.removeWaba(id, wabaId);
        return Response.noContent().build();
    }
}
