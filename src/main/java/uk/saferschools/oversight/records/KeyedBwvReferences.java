package uk.saferschools.oversight.records;

import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;

/**
 * Body-worn video references imported before they were hashed are replaced by their keyed hash at
 * start-up, once, with the same key and context as an import uses now: a migration cannot do this,
 * because it cannot know the key. A stored value that is already a hash (64 hexadecimal digits) is left
 * alone, so this does nothing on later starts.
 */
@Component
@Lazy(false) // its work is done at every start, commands too, though they make their other beans when first used
class KeyedBwvReferences implements SmartInitializingSingleton {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Pseudonyms pseudonyms;
    private final AuditTrail auditTrail;
    private final TransactionTemplate transactions;

    KeyedBwvReferences(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Pseudonyms pseudonyms, AuditTrail auditTrail,
                       PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.pseudonyms = pseudonyms;
        this.auditTrail = auditTrail;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    record Clear(String force, String recordKey, String power, String reference) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        hashThoseStoredInClear();
    }

    /** Returns how many references were hashed. */
    int hashThoseStoredInClear() {
        Integer hashed = transactions.execute(status -> {
            List<Clear> clear = jdbc.sql("""
                    select force, record_key, power, bwv_reference from power_use
                    where bwv_reference !~ '^[0-9a-f]{64}$' for update""")
                    .query((rs, n) -> new Clear(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
            // one batch of updates, not a round trip per reference
            jdbcTemplate.batchUpdate("update power_use set bwv_reference = ? where force = ? and record_key = ? and power = ?",
                    clear.stream().map(row -> new Object[] {pseudonyms.of(ExtendedRecordsPipeline.BWV_CONTEXT, row.reference()),
                            row.force(), row.recordKey(), row.power()}).toList());
            if (!clear.isEmpty()) {
                auditTrail.record(Actor.SYSTEM, "BWV_REFERENCES_KEYED", "records:power_use", clear.size()
                        + " body-worn video references in clear", "replaced by their keyed hashes");
            }
            return clear.size();
        });
        return hashed == null ? 0 : hashed;
    }
}
