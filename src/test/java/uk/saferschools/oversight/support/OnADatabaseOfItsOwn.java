package uk.saferschools.oversight.support;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;

/**
 * The whole application, on a real port and through MockMvc, on a PostgreSQL of its own
 * ({@link PostgresOfItsOwn}) with a small disk: for the fault tests that stop that database or fill that
 * disk, which must not do so to the database the rest of the suite shares. The classes that extend this
 * share one application context and one server between them (one start instead of one each). The
 * bulk-data tables may be moved to the small disk by a test; uploaded record files wait on it. No
 * demonstration data (slow to load): a test adds the accounts it signs in with
 * ({@link PostgresOfItsOwn#addAccount}).
 */
@SpringBootTest(classes = OversightApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "oversight.database.user=" + EmbeddedPostgresServer.APPLICATION_ROLE,
        "oversight.database.owner-user=" + EmbeddedPostgresServer.OWNER_ROLE,
        // how long a request waits for a connection before 503 (5 s in the product): short, to keep the tests short
        "oversight.database.connection-timeout=2s",
        "oversight.records.pseudonymisation-key=key-of-the-fault-tests-0123456789abcdef",
        "oversight.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
        "oversight.identity.demonstration-data=false"
})
@AutoConfigureMockMvc
public abstract class OnADatabaseOfItsOwn {

    /** The size of the small disk, as mount's size= option. */
    public static final String SMALL_DISK = "24m";

    private static PostgresOfItsOwn postgres;

    /** The server, started the first time it is asked for and stopped when the JVM ends, after the contexts. */
    protected static synchronized PostgresOfItsOwn postgres() {
        if (postgres == null) {
            postgres = PostgresOfItsOwn.withSmallDisk(SMALL_DISK);
            SpringApplication.getShutdownHandlers().add(postgres::close);
        }
        return postgres;
    }

    @DynamicPropertySource
    static void theDatabaseOfItsOwn(DynamicPropertyRegistry registry) {
        registry.add("oversight.database.url", () -> postgres().jdbcUrl());
        registry.add("oversight.records.upload-directory", () -> postgres().onSmallDisk("uploads").toString());
    }
}
