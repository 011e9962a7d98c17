package io.sendzen.logs.projects.rest;

import io.sendzen.logs.shared.Audited;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.TokenService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;

/** Revokes any token by its id: an admin token the {@code token} command minted, or a project's. */
@Path("/v1/admin/tokens")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminTokenResource {

    private final TokenService tokens;

    AdminTokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @DELETE
    @Path("/{jti}")
    @Audited("token.revoke")
    public Response revoke(@PathParam("jti") String jti) throws SQLException {
        tokens.revokeAny(jti);
        return Response.noContent().build();
    }
}
