package io.sendzen.logs.logs.rest;

import io.sendzen.logs.logs.LogExport;
import io.sendzen.logs.logs.LogFilterParser;
import io.sendzen.logs.projects.ProjectAccess;
import io.sendzen.logs.projects.Scopes;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;

/** {@code GET /v1/logs/export}: every matching entry of the token's project, as NDJSON or CSV, streamed. */
@Path("/v1/logs/export")
public class ExportResource {

    private final LogExport exports;
    private final ProjectAccess access;

    ExportResource(LogExport exports, ProjectAccess access) {
        this.exports = exports;
        this.access = access;
    }

    @GET
    @RolesAllowed(Scopes.LOGS_READ)
    public Response export(@Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerResponse response)
            throws SQLException {
        String projectId = access.currentProject();
        LogExport.Opened export = exports.open(projectId, LogFilterParser.parseExport(uri.getQueryParameters()));
        boolean gzip = acceptsGzip(headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING));
        // a reset closes the HTTP/1.1 connection before the last chunk: the client sees a broken download
        StreamingOutput body = out -> {
            try {
                export.writeTo(out, gzip, response::closed, () -> response.reset());
            } catch (IOException stopped) {
                // the connection is reset and the stop logged: there is no answer left to map, nor to log again
            }
        };
        Response.ResponseBuilder answer = Response.ok(body, export.format().mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + export.filename() + "\"")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        return (gzip ? answer.header(HttpHeaders.CONTENT_ENCODING, "gzip") : answer).build();
    }

    /** Whether {@code Accept-Encoding} takes gzip (or any coding) with a weight above zero. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] coding = part.trim().split(";");
            String name = coding[0].trim();
            if (name.equals("gzip") || name.equals("x-gzip")) {
                for (int i = 1; i < coding.length; i++) {
                    String param = coding[i].trim().replace(" ", "");
                    if (param.startsWith("q=") && param.substring(2).matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
