package io.sendzen.logs.projects.rest;

import io.sendzen.logs.projects.AccessTokens;
import io.sendzen.logs.projects.AccessTokens.Holder;
import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Audited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;

/**
 * The Cloud API access tokens that phone numbers and WABAs send with: set and removed, never read back. The audit
 * record names the number or WABA, never the token.
 */
// the admin resources share one class path: a wrong method is a 405 only when all methods of a path are in it
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CredentialsResource {

    /** The body of a PUT; its toString never shows the token. */
    public record NewCredentials(String accessToken) {
        @Override
        public String toString() {
            return "NewCredentials[access_token=…]";
        }
    }

    private final ProjectService projects;
    private final AccessTokens tokens;

    CredentialsResource(ProjectService projects, AccessTokens tokens) {
        this.projects = projects;
        this.tokens = tokens;
    }

    @PUT
    @Path("/{id}/phone-numbers/{phoneNumberId}/credentials")
    @Audited("admin.phone_number.credentials.set")
    public Response setForNumber(@PathParam("id") String id, @PathParam("phoneNumberId") String phoneNumberId,
                                 NewCredentials body) throws SQLException {
        return set(id, Holder.PHONE_NUMBER, phoneNumberId, body);
    }

    @DELETE
    @Path("/{id}/phone-numbers/{phoneNumberId}/credentials")
    @Audited("admin.phone_number.credentials.remove")
    public Response removeForNumber(@PathParam("id") String id, @PathParam("phoneNumberId") String phoneNumberId)
            throws SQLException {
        projects.get(id);
        tokens.remove(id, Holder.PHONE_NUMBER, phoneNumberId);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/wabas/{wabaId}/credentials")
    @Audited("admin.waba.credentials.set")
    public Response setForWaba(@PathParam("id") String id, @PathParam("wabaId") String wabaId, NewCredentials body)
            throws SQLException {
        return set(id, Holder.WABA, wabaId, body);
    }

    @DELETE
    @Path("/{id}/wabas/{wabaId}/credentials")
    @Audited("admin.waba.credentials.remove")
    public Response removeForWaba(@PathParam("id") String id, @PathParam("wabaId") String wabaId) throws SQLException {
        projects.get(id);
        tokens.remove(id, Holder.WABA, wabaId);
        return Response.noContent().build();
    }

    private Response set(String id, Holder holder, String holderId, NewCredentials body) throws SQLException {
        if (body == null) {
            throw ApiException.badRequest("body", "is required");
        }
        projects.get(id);
        tokens.set(id, holder, holderId, body.accessToken());
        return Response.noContent().build();
    }
}
