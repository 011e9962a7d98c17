package io.sendzen.logs.audit;

import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.Page;
import io.sendzen.logs.shared.QueryParams.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;

/** Pages of the audit trail, newest first: a project's own (its token's), or everyone's for operators. */
@ApplicationScoped
public class AuditPages {

    private static final String ALL = "";

    private final AuditTrail trail;
    private final Cursor cursor;

    AuditPages(AuditTrail trail, Cursor cursor) {
        this.trail = trail;
        this.cursor = cursor;
    }

    /** The records of {@code projectId}, as its tokens see them. */
    public Page<AuditTrail.Entry> ofProject(String projectId, PageRequest page) throws SQLException {
        return page("project:" + projectId, projectId, projectId, page);
    }

    /** Every record, or those of {@code projectId} when it is given: what an operator sees. */
    public Page<AuditTrail.Entry> ofAll(String projectId, PageRequest page) throws SQLException {
        return page("admin", projectId == null ? ALL : projectId, projectId, page);
    }

    private Page<AuditTrail.Entry> page(String scope, String filters, String projectId, PageRequest page)
            throws SQLException {
        Long before = null;
        if (page.nextPageToken() != null) {
            before = cursor.read(page.nextPageToken(), Cursor.Listing.AUDIT, scope, filters).number(0);
        }
        return Page.of(trail.list(projectId, before, page.pageSize() + 1), page.pageSize(),
                last -> cursor.issue(Cursor.Listing.AUDIT, scope, filters, Cursor.Keyset.of(last.id())));
    }
}
