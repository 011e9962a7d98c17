package io.sendzen.logs.projects.rest;

import io.sendzen.logs.shared.Audited;
import io.sendzen.logs.projects.AccessTokens;
import io.sendzen.logs.projects.PhoneNumber;
import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.rest.AdminViews.ListView;
import io.sendzen.logs.projects.rest.AdminViews.PhoneNumberView;
import io.sendzen.logs.shared.Page;
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

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The WhatsApp phone numbers whose events a project receives. */
// the admin resources share one class path: a wrong method is a 405 only when all methods of a path are in it
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PhoneNumberResource {

    private final ProjectService projects;
    private final AccessTokens tokens;

    PhoneNumberResource(ProjectService projects, AccessTokens tokens) {
        this.projects = projects;
        this.tokens = tokens;
    }

    @POST
    @Path("/{id}/phone-numbers")
    @Audited("admin.phone_number.add")
    public Response add(@PathParam("id") String id, ProjectService.NewPhoneNumber request) throws SQLException {
        PhoneNumber number = projects.addPhoneNumber(id, request);
        AccessTokens.State state = tokens.states(List.of(number.phoneNumberId))
                .getOrDefault(number.phoneNumberId, AccessTokens.State.MISSING);
        return Response.status(201).entity(PhoneNumberView.of(number, state)).build();
    }

    @GET
    @Path("/{id}/phone-numbers")
    public ListView<PhoneNumberView> list(@PathParam("id") String id, @Context UriInfo uri) throws SQLException {
        Page<PhoneNumber> page = projects.phoneNumbers(id,
                QueryParams.page(uri.getQueryParameters(), AdminViews.MAX_PAGE_SIZE));
        Map<String, AccessTokens.State> states = tokens.states(page.items().stream().map(n -> n.phoneNumberId).toList());
        return ListView.of(page.map(n -> PhoneNumberView.of(n,
                states.getOrDefault(n.phoneNumberId, AccessTokens.State.MISSING))));
    }

    @DELETE
    @Path("/{id}/phone-numbers/{phoneNumberId}")
    @Audited("admin.phone_number.remove")
    public Response remove(@PathParam("id") String id, @PathParam("phoneNumberId") String phoneNumberId) {
        projects.removePhoneNumber(id, phoneNumberId);
        return Response.noContent().build();
    }
}
