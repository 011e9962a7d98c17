package io.sendzen.logs.projects;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Cursor;
import io.sendzen.logs.shared.Page;
import io.sendzen.logs.shared.QueryParams.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.openapitools.jackson.nullable.JsonNullable;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Projects, and the phone numbers and WABAs that route Meta's events to them. */
@ApplicationScoped
public class ProjectService {

    /** Not empty and not only white space, as {@link String#isBlank()} tells it (which {@code @NotBlank} does not). */
    private static final String NOT_BLANK = "(?s)\\p{javaWhitespace}*+[^\\p{javaWhitespace}].*";
    private static final String PROJECT_ID_PROBLEM =
            "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final String NAME_TOO_LONG = "must be at most 200 characters";
    private static final String RETENTION_PROBLEM = "must be between 1 and 36500, or null to keep entries";
    private static final String META_ID_PROBLEM = "must be Meta's numeric id, 1 to 32 digits";

    // a field's constraints are listed in the order its problem is told: the first that fails is the one answered
    public record NewProject(
            @Pattern(regexp = Ids.PROJECT_ID, message = PROJECT_ID_PROBLEM) String id,
            @NotNull(message = "is required") @Pattern(regexp = NOT_BLANK, message = "is required")
            @Size(max = 200, message = NAME_TOO_LONG) String name,
            Boolean enabled,
            @Min(value = 1, message = RETENTION_PROBLEM) @Max(value = 36_500, message = RETENTION_PROBLEM)
            Integer retentionDays) {
    }

    /** A PATCH body: an absent field stays as it is, an explicit null clears it where that is allowed. */
    public record ProjectPatch(
            @NotNull(message = "must not be null") @Pattern(regexp = NOT_BLANK, message = "is required")
            @Size(max = 200, message = NAME_TOO_LONG) JsonNullable<String> name,
            @NotNull(message = "must not be null") JsonNullable<Boolean> enabled,
            @Min(value = 1, message = RETENTION_PROBLEM) @Max(value = 36_500, message = RETENTION_PROBLEM)
            JsonNullable<Integer> retentionDays) {
    }

    public record NewPhoneNumber(
            @NotNull(message = "is required") @Pattern(regexp = Ids.META_ID, message = META_ID_PROBLEM)
            String phoneNumberId,
            @Pattern(regexp = Ids.META_ID, message = META_ID_PROBLEM) String wabaId,
            @Size(max = 32, message = "must be at most 32 characters") String displayPhoneNumber) {
    }

    public record NewWaba(
            @NotNull(message = "is required") @Pattern(regexp = Ids.META_ID, message = META_ID_PROBLEM) String wabaId) {
    }

    /** Admin lists name their scope in the page token: the admin API, and the project for a project's own lists. */
    static final String ADMIN_SCOPE = "admin";

    private final Event<ProjectStates.Changed> changes;
    private final Cursor cursor;

    ProjectService(Event<ProjectStates.Changed> changes, Cursor cursor) {
        this.changes = changes;
        this.cursor = cursor;
    }

    /** A page of the projects, by id. */
    public Page<Project> list(PageRequest page) {
        return pageById((query, params) -> Project.find(query, params), "id", project -> project.id,
                Cursor.Listing.PROJECTS, ADMIN_SCOPE, null, page);
    }

    /** The projects that keep their entries for a limited time: id and days. */
    @Transactional
    public Map<String, Integer> retentionDays() {
        Map<String, Integer> days = new LinkedHashMap<>();
        for (Project project : Project.<Project>list("retentionDays is not null order by id")) {
            days.put(project.id, project.retentionDays);
        }
        return days;
    }

    public Project get(String id) {
        Project project = Project.findById(id);
        if (project == null) {
            throw ApiException.notFound();
        }
        return project;
    }

    @Transactional
    public Project create(@Valid NewProject request) {
        if (request == null) {
            throw ApiException.badRequest("body", "is required");
        }
        String id = request.id();
        if (id == null) {
            do {
                id = Ids.projectId();
            } while (Project.findById(id) != null);
        } else {
            lockClaim("project", id);
            if (Project.findById(id) != null) {
                throw ApiException.conflict("id", "a project with this id already exists");
            }
        }
        Project project = new Project();
        project.id = id;
        project.name = request.name().trim();
        project.enabled = request.enabled() == null || request.enabled();
        project.retentionDays = request.retentionDays();
        project.updatedAt = OffsetDateTime.now();
        project.persist();
        changes.fire(new ProjectStates.Changed(id));
        return project;
    }

    @Transactional
    public Project update(String id, @Valid ProjectPatch patch) {
        if (patch == null) {
            throw ApiException.badRequest("body", "is required");
        }
        Project project = get(id);
        patch.name().ifPresent(name -> project.name = name.trim());
        patch.enabled().ifPresent(enabled -> project.enabled = enabled);
        patch.retentionDays().ifPresent(days -> project.retentionDays = days);
        project.updatedAt = OffsetDateTime.now();
        changes.fire(new ProjectStates.Changed(id));
        return project;
    }

    @Transactional
    public void delete(String id) {
        Project project = get(id);
        project.delete();
        changes.fire(new ProjectStates.Changed(id));
    }

    @Transactional
    public PhoneNumber addPhoneNumber(String projectId, @Valid NewPhoneNumber request) {
        if (request == null) {
            throw ApiException.badRequest("body", "is required");
        }
        get(projectId);
        lockClaim("phone_number", request.phoneNumberId());
        PhoneNumber existing = PhoneNumber.findById(request.phoneNumberId());
        if (existing != null) {
            if (!existing.projectId.equals(projectId)) {
                throw ApiException.conflict("phone_number_id", "is registered to another project");
            }
            throw ApiException.conflict("phone_number_id", "is already registered to this project");
        }
        if (request.wabaId() != null) {
            claimWaba(projectId, request.wabaId());
        }
        PhoneNumber number = new PhoneNumber();
        number.phoneNumberId = request.phoneNumberId();
        number.projectId = projectId;
        number.wabaId = request.wabaId();
        number.displayPhoneNumber = request.displayPhoneNumber();
        number.persist();
        // a send from this number finds it with its next lookup (AccessTokens)
        changes.fire(new ProjectStates.Changed(projectId));
        return number;
    }

    /** A page of the project's phone numbers, by id. */
    public Page<PhoneNumber> phoneNumbers(String projectId, PageRequest page) {
        get(projectId);
        return pageById((query, params) -> PhoneNumber.find(query, params), "phoneNumberId",
                number -> number.phoneNumberId, Cursor.Listing.PHONE_NUMBERS, projectScope(projectId), projectId, page);
    }

    /** The project's phone number {@code phoneNumberId}; empty when it is not one of the project's. */
    public Optional<PhoneNumber> phoneNumber(String projectId, String phoneNumberId) {
        PhoneNumber number = PhoneNumber.findById(phoneNumberId);
        return number == null || !number.projectId.equals(projectId) ? Optional.empty() : Optional.of(number);
    }

    @Transactional
    public void removePhoneNumber(String projectId, String phoneNumberId) {
        get(projectId);
        PhoneNumber number = PhoneNumber.findById(phoneNumberId);
        if (number == null || !number.projectId.equals(projectId)) {
            throw ApiException.notFound();
        }
        number.delete();
        changes.fire(new ProjectStates.Changed(projectId));
    }

    @Transactional
    public Waba addWaba(String projectId, @Valid NewWaba request) {
        if (request == null) {
            throw ApiException.badRequest("body", "is required");
        }
        get(projectId);
        lockClaim("waba", request.wabaId());
        Waba existing = Waba.findById(request.wabaId());
        if (existing != null) {
            throw ApiException.conflict("waba_id", existing.projectId.equals(projectId)
                    ? "is already registered to this project" : "is registered to another project");
        }
        Waba waba = claimWaba(projectId, request.wabaId());
        changes.fire(new ProjectStates.Changed(projectId));
        return waba;
    }

    /** A page of the project's WABAs, by id. */
    public Page<Waba> wabas(String projectId, PageRequest page) {
        get(projectId);
        return pageById((query, params) -> Waba.find(query, params), "wabaId", waba -> waba.wabaId,
                Cursor.Listing.WABAS, projectScope(projectId), projectId, page);
    }

    static String projectScope(String projectId) {
        return ADMIN_SCOPE + ":" + projectId;
    }

    /** A lambda, not a method reference: Panache generates each entity's own find, which a reference would miss. */
    private interface Finder<T> {
        PanacheQuery<T> find(String query, Object... params);
    }

    /** A page of an admin list ordered by a text id, of one project's items or (projectId null) of all. */
    private <T> Page<T> pageById(Finder<T> finder, String idField, Function<T, String> idOf, Cursor.Listing list,
                                 String scope, String projectId, PageRequest page) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (projectId != null) {
            params.add(projectId);
            conditions.add("projectId = ?" + params.size());
        }
        if (page.nextPageToken() != null) {
            params.add(cursor.read(page.nextPageToken(), list, scope, "").text(0));
            conditions.add(idField + " > ?" + params.size());
        }
        String query = (conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ") + "order by " + idField;
        // one row past the page tells whether another follows
        List<T> rows = finder.find(query, params.toArray()).range(0, page.pageSize()).list();
        return Page.of(rows, page.pageSize(),
                last -> cursor.issue(list, scope, "", Cursor.Keyset.of(idOf.apply(last))));
    }

    @Transactional
    public void removeWaba(String projectId, String wabaId) {
        get(projectId);
        Waba waba = Waba.findById(wabaId);
        if (waba == null || !waba.projectId.equals(projectId)) {
            throw ApiException.notFound();
        }
        waba.delete();
        changes.fire(new ProjectStates.Changed(projectId));
    }

    private Waba claimWaba(String projectId, String wabaId) {
        lockClaim("waba", wabaId);
        Waba waba = Waba.findById(wabaId);
        if (waba != null) {
            if (!waba.projectId.equals(projectId)) {
                throw ApiException.conflict("waba_id", "is registered to another project");
            }
            return waba;
        }
        waba = new Waba();
        waba.wabaId = wabaId;
        waba.projectId = projectId;
        waba.persist();
        return waba;
    }

    /**
     * Holds, until the transaction ends, a lock on one id of one kind: requests claiming the same id then check and
     * insert one after the other, so the loser of a race sees the winner's row and answers 409 instead of failing on
     * the primary key. Locks are taken phone number before WABA, never the other way, so they cannot deadlock.
     */
    private static void lockClaim(String kind, String id) {
        Panache.getEntityManager()
                .createNativeQuery("select 1 from pg_advisory_xact_lock(hashtext(?1), hashtext(?2))")
                .setParameter(1, kind)
                .setParameter(2, id)
                .getSingleResult();
    }
}
