package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tests of a command handed to the running server (ADR 0023) share, whichever client asks: the server
 * listening on the socket in a data directory of the test's own while each test runs, the folder the command is run
 * from, and the answer a client gets.
 */
abstract class WithTheServerListening {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path data;
    @TempDir
    Path whereTheUserIs;

    CommandHandoverListener server;

    record Answer(int status, String out, String err) {
    }

    @BeforeEach
    void startListening() {
        server = new CommandHandoverListener(context, data.toString());
        server.start();
        assertThat(server.socket()).as("the server listens").isNotNull();
    }

    @AfterEach
    void stopListening() {
        server.stop();
    }
}
