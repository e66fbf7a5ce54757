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
 * Extended records kept before they had a record key for the cell key method (migration V20) get theirs at
 * start-up, once, from the same keyed hash an import uses ({@link Pseudonyms#perturbationKey}): a migration
 * cannot make them, because it cannot know the key. Records with a key are left alone, so this does nothing
 * on later starts.
 */
@Component
@Lazy(false) // its work is done at every start, commands too, though they make their other beans when first used
class PerturbationKeys implements SmartInitializingSingleton {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Pseudonyms pseudonyms;
    private final AuditTrail auditTrail;
    private final TransactionTemplate transactions;

    PerturbationKeys(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Pseudonyms pseudonyms, AuditTrail auditTrail, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.pseudonyms = pseudonyms;
        this.auditTrail = auditTrail;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    private record Identity(String force, String recordKey, String power) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        giveKeysToThoseWithout();
    }

    /** Returns how many records were given their key. */
    int giveKeysToThoseWithout() {
        Integer keyed = transactions.execute(status -> {
            List<Identity> without = jdbc.sql("select force, record_key, power from power_use where perturbation_key is null for update")
                    .query((rs, n) -> new Identity(rs.getString(1), rs.getString(2), rs.getString(3))).list();
            // one batch of updates, not a round trip per record
            jdbcTemplate.batchUpdate("update power_use set perturbation_key = ? where force = ? and record_key = ? and power = ?",
                    without.stream().map(record -> new Object[] {pseudonyms.perturbationKey(record.force(), record.recordKey(),
                            record.power()), record.force(), record.recordKey(), record.power()}).toList());
            if (!without.isEmpty()) {
                auditTrail.record(Actor.SYSTEM, "PERTURBATION_KEYS_MADE", "records:power_use", without.size()
                        + " extended records without a record key", "given their record keys for the cell key method");
            }
            return without.size();
        });
        return keyed == null ? 0 : keyed;
    }
}
