package uk.saferschools.oversight.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;
import uk.saferschools.oversight.support.Commands;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.OversightTest;

/**
 * The audit trail is append-only and tamper-evident: the database refuses changes, and when someone
 * with enough rights goes around that, {@code audit verify} names the entry.
 */
@OversightTest
class AuditTrailIntegrityTest {

    @Autowired
    AuditTrail auditTrail;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    ApplicationContext context;

    AuditEntry target;

    @BeforeEach
    void someHistory() {
        auditTrail.record(new Actor("tester", "AUDITOR"), "TEST_BEFORE", "thing:1", null, "one");
        target = auditTrail.record(new Actor("tester", "AUDITOR"), "TEST_TARGET", "thing:2", "old", "new");
        auditTrail.record(new Actor("tester", "AUDITOR"), "TEST_AFTER", "thing:3", null, "three");
    }

    /** Runs SQL as a superuser would, with the append-only triggers switched off. */
    void tamper(String sql, Object... params) {
        DatabaseAs.superuserWithoutTriggers(dataSource, superuser -> superuser.sql(sql).params(params).update());
    }

    Map<String, Object> row(long sequenceNo) {
        return jdbc.sql("select * from audit_entry where sequence_no = ?").param(sequenceNo).query().singleRow();
    }

    @AfterEach
    void chainIsWholeAgain() {
        assertThat(auditTrail.verify().intact()).as("each test puts back what it tampered with").isTrue();
    }

    @Test
    void an_untouched_chain_verifies() {
        ChainVerification verification = auditTrail.verify();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.entriesChecked()).isGreaterThanOrEqualTo(3);
        assertThat(verification.summary()).startsWith("Audit trail intact: ");
    }

    @Test
    void each_entry_carries_the_hash_of_the_one_before() {
        Map<String, Object> previous = row(target.sequenceNo() - 1);
        assertThat(target.previousHash()).isEqualTo(((String) previous.get("entry_hash")));
        assertThat(target.entryHash()).hasSize(64).isNotEqualTo(target.previousHash());
    }

    @Test
    void the_database_refuses_to_update_or_delete_an_entry() {
        // the application's role may not even try
        assertThatThrownBy(() -> jdbc.sql("update audit_entry set actor = 'someone else' where sequence_no = ?")
                .param(target.sequenceNo()).update()).rootCause().hasMessageContaining("permission denied for table audit_entry");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where sequence_no = ?")
                .param(target.sequenceNo()).update()).rootCause().hasMessageContaining("permission denied for table audit_entry");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_entry").update())
                .rootCause().hasMessageContaining("permission denied for table audit_entry");
        // and the triggers refuse the owner of the table, who may
        DatabaseAs.owner(dataSource, owner -> {
            assertThatThrownBy(() -> owner.sql("update audit_entry set actor = 'someone else' where sequence_no = ?")
                    .param(target.sequenceNo()).update()).hasMessageContaining("append-only");
            assertThatThrownBy(() -> owner.sql("delete from audit_entry where sequence_no = ?")
                    .param(target.sequenceNo()).update()).hasMessageContaining("append-only");
            assertThatThrownBy(() -> owner.sql("truncate audit_entry").update()).hasMessageContaining("append-only");
        });
    }

    @Test
    void the_application_cannot_switch_off_the_triggers_or_rewrite_the_trail_with_its_own_database_role() {
        assertThat(jdbc.sql("select current_user").query(String.class).single())
                .isEqualTo(EmbeddedPostgresServer.APPLICATION_ROLE);
        assertThatThrownBy(() -> jdbc.sql("alter table audit_entry disable trigger all").update())
                .rootCause().hasMessageContaining("must be owner of table audit_entry");
        assertThatThrownBy(() -> jdbc.sql("alter table audit_entry disable trigger audit_entry_no_update_or_delete").update())
                .rootCause().hasMessageContaining("must be owner of table audit_entry");
        assertThatThrownBy(() -> jdbc.sql("set session_replication_role = replica").update())
                .rootCause().hasMessageContaining("permission denied to set parameter");
        assertThatThrownBy(() -> jdbc.sql("create or replace function audit_entry_append_only() returns trigger "
                + "language plpgsql as $$ begin return new; end $$").update())
                .rootCause().hasMessageContaining("permission denied for schema public");
        assertThatThrownBy(() -> jdbc.sql("drop trigger audit_entry_no_update_or_delete on audit_entry").update())
                .rootCause().hasMessageContaining("must be owner of relation audit_entry");
        assertThatThrownBy(() -> jdbc.sql("alter table audit_entry rename to audit_entry_old").update())
                .rootCause().hasMessageContaining("must be owner of table audit_entry");
        assertThatThrownBy(() -> jdbc.sql("update audit_entry set actor = 'someone else' where sequence_no = ?")
                .param(target.sequenceNo()).update()).rootCause().hasMessageContaining("permission denied for table audit_entry");
        assertThat(auditTrail.verify().intact()).isTrue();
    }

    @Test
    void an_entry_altered_with_sql_is_named_exactly() {
        tamper("update audit_entry set after_summary = 'forged' where sequence_no = ?", target.sequenceNo());
        try {
            ChainVerification verification = auditTrail.verify();
            assertThat(verification.intact()).isFalse();
            ChainVerification.Break found = verification.firstBreak().orElseThrow();
            assertThat(found.kind()).isEqualTo(ChainVerification.Kind.ALTERED);
            assertThat(found.sequenceNo()).isEqualTo(target.sequenceNo());
            assertThat(found.message()).startsWith("entry " + target.sequenceNo() + " (")
                    .contains("TEST_TARGET by tester", "was altered");
        } finally {
            tamper("update audit_entry set after_summary = 'new' where sequence_no = ?", target.sequenceNo());
        }
    }

    @Test
    void a_removed_entry_is_named_by_its_number() {
        Map<String, Object> saved = row(target.sequenceNo());
        tamper("delete from audit_entry where sequence_no = ?", target.sequenceNo());
        try {
            ChainVerification.Break found = auditTrail.verify().firstBreak().orElseThrow();
            assertThat(found.kind()).isEqualTo(ChainVerification.Kind.REMOVED);
            assertThat(found.sequenceNo()).isEqualTo(target.sequenceNo());
            assertThat(found.message()).startsWith("entry " + target.sequenceNo() + " is missing");
        } finally {
            tamper("""
                    insert into audit_entry (sequence_no, occurred_at, actor, actor_roles, action, subject,
                        before_summary, after_summary, previous_hash, entry_hash)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    saved.get("sequence_no"), saved.get("occurred_at"), saved.get("actor"), saved.get("actor_roles"),
                    saved.get("action"), saved.get("subject"), saved.get("before_summary"), saved.get("after_summary"),
                    saved.get("previous_hash"), saved.get("entry_hash"));
        }
    }

    @Test
    void an_entry_inserted_with_a_well_formed_hash_is_still_caught_by_the_chain() {
        long next = jdbc.sql("select max(sequence_no) + 1 from audit_entry").query(Long.class).single();
        Instant when = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String guessedPrevious = "f".repeat(64);
        String selfConsistent = AuditEntry.computeHash(next, when, "intruder", "ADMINISTRATOR", "ROLES_CHANGED",
                "account:intruder", "roles: no roles", "roles: ADMINISTRATOR", guessedPrevious);
        tamper("""
                insert into audit_entry (sequence_no, occurred_at, actor, actor_roles, action, subject,
                    before_summary, after_summary, previous_hash, entry_hash)
                values (?, ?, 'intruder', 'ADMINISTRATOR', 'ROLES_CHANGED', 'account:intruder',
                    'roles: no roles', 'roles: ADMINISTRATOR', ?, ?)""",
                next, OffsetDateTime.ofInstant(when, ZoneOffset.UTC), guessedPrevious, selfConsistent);
        try {
            ChainVerification.Break found = auditTrail.verify().firstBreak().orElseThrow();
            assertThat(found.kind()).isEqualTo(ChainVerification.Kind.INSERTED);
            assertThat(found.sequenceNo()).isEqualTo(next);
            assertThat(found.message()).contains("ROLES_CHANGED by intruder", "does not carry the hash of entry");
        } finally {
            tamper("delete from audit_entry where sequence_no = ?", next);
        }
    }

    @Test
    void the_verify_command_exits_0_on_an_intact_chain_and_1_naming_the_altered_entry() {
        assertThat(runVerifyCommand()).startsWith("0|Audit trail intact");
        tamper("update audit_entry set actor = 'rewritten' where sequence_no = ?", target.sequenceNo());
        try {
            assertThat(runVerifyCommand()).isEqualTo("1|Audit trail broken: entry " + target.sequenceNo() + " ("
                    + DateTimeFormatter.ISO_INSTANT.format(target.occurredAt())
                    + ", TEST_TARGET by rewritten) was altered: its contents no longer match its hash.");
        } finally {
            tamper("update audit_entry set actor = 'tester' where sequence_no = ?", target.sequenceNo());
        }
    }

    /** {@code audit verify} as the launcher runs it, with this test's application as its beans. */
    String runVerifyCommand() {
        Commands.Run run = Commands.run(context, AuditCommand.class, "verify");
        return run.status() + "|" + (run.out() + run.err()).trim();
    }

    @Test
    void records_from_many_threads_keep_one_unbroken_chain() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                futures.add(pool.submit(() -> auditTrail.record(new Actor("thread", "SYSTEM"), "TEST_CONCURRENT",
                        "thing:" + n, null, null)));
            }
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(auditTrail.verify().intact()).isTrue();
    }
}
