package uk.saferschools.oversight.panel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.web.LondonTime;

/**
 * The panel's organisations and members: role, term, confidentiality agreement and declarations of
 * interest (dated, versioned, public once confirmed). The secretariat keeps the list; the member list
 * is public.
 */
@Service
public class Members {

    /** The kinds of organisation on the panel. */
    public enum OrganisationType {
        MOPAC("Mayor's Office for Policing and Crime"), MPS("Metropolitan Police Service"), SCHOOL_OR_TRUST("School or trust"),
        UNIVERSITY("University"), CHARITY("Charity"), OTHER("Other");

        private final String label;

        OrganisationType(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A member's role on the panel. */
    public enum MemberRole {
        CHAIR("Chair", true), MEMBER("Member", true), SECRETARIAT("Secretariat", false),
        POLICE_LIAISON("Police liaison", false), OBSERVER("Observer", false);

        private final String label;
        private final boolean counts;

        MemberRole(String label, boolean counts) {
            this.label = label;
            this.counts = counts;
        }

        public String label() {
            return label;
        }

        /** Counts towards the quorum: the chair and members. */
        public boolean countsForQuorum() {
            return counts;
        }
    }

    public record Organisation(long id, String name, OrganisationType type) {
    }

    public record Declaration(long id, int version, String text, LocalDate declaredOn, boolean confirmed, Instant confirmedAt) {
    }

    public record Member(long id, String name, Organisation organisation, MemberRole role, LocalDate termFrom, LocalDate termTo,
                         LocalDate confidentialityAgreedOn, boolean demonstration, Optional<Declaration> declaration) {
        public boolean servingOn(LocalDate day) {
            return !termFrom.isAfter(day) && (termTo == null || !termTo.isBefore(day));
        }
    }

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;

    Members(JdbcClient jdbc, AuditTrail auditTrail) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
    }

    @Transactional(readOnly = true)
    public List<Organisation> organisations() {
        return jdbc.sql("select id, name, type from organisation order by name")
                .query((rs, n) -> new Organisation(rs.getLong("id"), rs.getString("name"),
                        OrganisationType.valueOf(rs.getString("type")))).list();
    }

    @Transactional
    public long addOrganisation(String name, OrganisationType type, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "keep the member list");
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new IllegalArgumentException("Enter the organisation's name, 200 characters or fewer");
        }
        if (type == null) {
            throw new IllegalArgumentException("Choose the kind of organisation");
        }
        if (jdbc.sql("select exists (select 1 from organisation where lower(name) = lower(?))").param(name.strip())
                .query(Boolean.class).single()) {
            throw new IllegalArgumentException("There is already an organisation called " + name.strip());
        }
        long id = jdbc.sql("insert into organisation (name, type) values (?, ?) returning id").params(name.strip(), type.name())
                .query(Long.class).single();
        auditTrail.record(by, "ORGANISATION_ADDED", "organisation:" + id, null, name.strip() + " (" + type.label() + ")");
        return id;
    }

    @Transactional
    public long addMember(String name, long organisationId, MemberRole role, LocalDate termFrom, LocalDate termTo,
                          LocalDate confidentialityAgreedOn, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "keep the member list");
        if (name == null || name.isBlank() || name.strip().length() > 200) {
            throw new IllegalArgumentException("Enter the member's name, 200 characters or fewer");
        }
        if (role == null) {
            throw new IllegalArgumentException("Choose the member's role");
        }
        if (termFrom == null) {
            throw new IllegalArgumentException("Enter the date the member's term starts");
        }
        if (termTo != null && termTo.isBefore(termFrom)) {
            throw new IllegalArgumentException("The term cannot end before it starts");
        }
        if (!jdbc.sql("select exists (select 1 from organisation where id = ?)").param(organisationId).query(Boolean.class).single()) {
            throw new IllegalArgumentException("Choose the member's organisation");
        }
        long id = jdbc.sql("""
                insert into panel_member (name, organisation_id, role, term_from, term_to, confidentiality_agreed_on)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(name.strip(), organisationId, role.name(), termFrom, termTo, confidentialityAgreedOn)
                .query(Long.class).single();
        auditTrail.record(by, "MEMBER_ADDED", "member:" + id, null, name.strip() + ", " + role.label() + " from " + termFrom);
        return id;
    }

    /** Records a declaration of interest: a new version, unconfirmed until the secretariat confirms it. */
    @Transactional
    public void declare(long memberId, String text, LocalDate declaredOn, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "record declarations");
        if (text == null || text.isBlank() || text.strip().length() > 5_000) {
            throw new IllegalArgumentException("Enter the declaration, 5,000 characters or fewer (or “None”)");
        }
        if (declaredOn == null || declaredOn.isAfter(LocalDate.now(LondonTime.LONDON))) {
            throw new IllegalArgumentException("Enter the date of the declaration, today or earlier");
        }
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from declaration where member_id = ?").param(memberId)
                .query(Integer.class).single();
        jdbc.sql("insert into declaration (member_id, version, text, declared_on, recorded_by) values (?, ?, ?, ?, ?)")
                .params(memberId, version, text.strip(), declaredOn, by.name()).update();
        auditTrail.record(by, "DECLARATION_RECORDED", "member:" + memberId, null, "version " + version);
    }

    /** Confirms a member's latest declaration, which makes it public. */
    @Transactional
    public void confirmLatestDeclaration(long memberId, Actor by) {
        PanelRoles.require(Roles.secretariat(by) || Roles.chair(by), "confirm declarations");
        int updated = jdbc.sql("""
                update declaration set confirmed_by = ?, confirmed_at = now()
                where member_id = ? and confirmed_at is null
                  and version = (select max(version) from declaration where member_id = ?)""")
                .params(by.name(), memberId, memberId).update();
        if (updated == 0) {
            throw new IllegalArgumentException("There is no unconfirmed declaration to confirm");
        }
        auditTrail.record(by, "DECLARATION_CONFIRMED", "member:" + memberId, null, "latest version confirmed");
    }

    /**
     * Everyone on the list, by name. {@code publicView}: the latest confirmed declaration only;
     * otherwise the latest, confirmed or not.
     */
    @Transactional(readOnly = true)
    public List<Member> all(boolean publicView) {
        return jdbc.sql("""
                select m.*, o.name as organisation_name, o.type as organisation_type from panel_member m
                join organisation o on o.id = m.organisation_id order by m.name""")
                .query((rs, n) -> new Member(rs.getLong("id"), rs.getString("name"),
                        new Organisation(rs.getLong("organisation_id"), rs.getString("organisation_name"),
                                OrganisationType.valueOf(rs.getString("organisation_type"))),
                        MemberRole.valueOf(rs.getString("role")), rs.getObject("term_from", LocalDate.class),
                        rs.getObject("term_to", LocalDate.class), rs.getObject("confidentiality_agreed_on", LocalDate.class),
                        rs.getBoolean("demonstration"), Optional.empty())).list()
                .stream().map(m -> new Member(m.id(), m.name(), m.organisation(), m.role(), m.termFrom(), m.termTo(),
                        m.confidentialityAgreedOn(), m.demonstration(), latestDeclaration(m.id(), publicView))).toList();
    }

    /** The members serving on a day. */
    public List<Member> servingOn(LocalDate day, boolean publicView) {
        return all(publicView).stream().filter(m -> m.servingOn(day)).toList();
    }

    private Optional<Declaration> latestDeclaration(long memberId, boolean confirmedOnly) {
        return jdbc.sql("select id, version, text, declared_on, confirmed_at from declaration where member_id = ? "
                + (confirmedOnly ? "and confirmed_at is not null " : "") + "order by version desc limit 1").param(memberId)
                .query((rs, n) -> new Declaration(rs.getLong("id"), rs.getInt("version"), rs.getString("text"),
                        rs.getObject("declared_on", LocalDate.class), rs.getObject("confirmed_at") != null,
                        rs.getObject("confirmed_at", OffsetDateTime.class) == null ? null
                                : rs.getObject("confirmed_at", OffsetDateTime.class).toInstant())).optional();
    }
}
