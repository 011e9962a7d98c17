package io.sendzen.logs.console.rest;

import io.sendzen.logs.console.ConsoleLinks;
import io.sendzen.logs.projects.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;

/** Links that sign a person in to the console as a project; audited by {@link ConsoleLinks} with the token's id. */
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConsoleLinkResource {

    record Created(ConsoleLinks.Link data) {
    }

    private final ConsoleLinks links;

    ConsoleLinkResource(ConsoleLinks links) {
        this.links = links;
    }

    @POST
    @Path("/{id}/console-links")
    public Response create(@PathParam("id") String id, ConsoleLinks.NewLink request) throws SQLException {
        return Response.status(201).entity(new Created(links.create(id, request))).build();
    }
}
