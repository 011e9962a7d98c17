package io.sendzen.logs.projects.rest;

import io.sendzen.logs.shared.Audited;
import io.sendzen.logs.projects.Scopes;
import io.sendzen.logs.projects.TokenRegistry;
import io.sendzen.logs.projects.rest.AdminViews.ListView;
import io.sendzen.logs.shared.QueryParams;
import io.sendzen.logs.projects.TokenService;
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
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

// the admin resources share one class path: a wrong method is a 405 only when all methods of a path are in it
@Path("/v1/admin/projects")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final TokenService tokens;

    TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Path("/{id}/tokens")
    @Audited("token.mint")
    public Response issue(@PathParam("id") String id, TokenService.NewToken request) throws SQLException {
        return Response.status(201).entity(tokens.issue(id, request)).build();
    }

    /** A minted token as listed: its id and what it may do, never its text. */
    record TokenView(String id, List<String> scopes, OffsetDateTime createdAt, OffsetDateTime expiresAt,
                     OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
        static TokenView of(TokenRegistry.Issued t) {
            return new TokenView(t.jti(), t.scopes(), utc(t.createdAt()), utc(t.expiresAt()), utc(t.lastUsedAt()),
                    utc(t.revokedAt()));
        }

        private static OffsetDateTime utc(Instant instant) {
            return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
        }
    }

    @GET
    @Path("/{id}/tokens")
    public ListView<TokenView> list(@PathParam("id") String id, @Context UriInfo uri) throws SQLException {
        return ListView.of(tokens.list(id, QueryParams.page(uri.getQueryParameters(), AdminViews.MAX_PAGE_SIZE))
                .map(TokenView::of));
    }

    @DELETE
    @Path("/{id}/tokens/{jti}")
    @Audited("token.revoke")
    public Response revoke(@PathParam("id") String id, @PathParam("jti") String jti) throws SQLException {
        tokens.revoke(id, jti);
        return Response.noContent().build();
    }
}
