package uk.saferschools.oversight;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./oversight train-class-archive} (hidden; run by the launcher once per build and Java installation, under
 * {@code -XX:ArchiveClassesAtExit}): does in one JVM what the commands do, so that the class archive it leaves holds
 * the classes later commands load. There are two archives, because mapping the application's large archive would
 * slow the commands that need little: {@code files}, for help and the commands on files alone, analyses three
 * records of children by borough; {@code application}, for {@code serve} and the commands on the database, starts
 * the web application on a throw-away embedded database in the folder it is given (never the installation's own data, never a
 * configured server; no demonstration data) on a free port, asks it for a few pages, and stops it. Nothing of the
 * installation is read or changed.
 */
@Command(name = "train-class-archive", hidden = true,
        description = "Prepares the faster start (run by ./oversight itself, once per build).")
class ClassArchiveTraining implements Callable<Integer> {

    static final List<String> POPULATION = List.of(
            "Lower Tier Local Authorities Code,Lower Tier Local Authorities,Ethnic group (20 categories) Code,Ethnic group (20 categories),Observation",
            "E09000001,City of London,13,\"White: English, Welsh, Scottish, Northern Irish or British\",4000",
            "E09000001,City of London,6,\"Black, Black British, Black Welsh, Caribbean or African: African\",500");

    static final List<String> RECORDS = List.of(
            "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,Self-defined ethnicity,"
                    + "Officer-defined ethnicity,Legislation,Object of search,Outcome,Outcome linked to object of search,"
                    + "Removal of more than just outer clothing",
            "Person search,2022-04-01T00:00:00+00:00,False,,51.515,-0.092,Male,10-17,Black/African/Caribbean/Black British - African,"
                    + "Black,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,True,False",
            "Person search,2022-04-02T00:00:00+00:00,False,,51.515,-0.092,Male,10-17,"
                    + "White - English/Welsh/Scottish/Northern Irish/British,White,Misuse of Drugs Act 1971 (section 23),"
                    + "Controlled drugs,A no further action disposal,False,True",
            "Vehicle search,2022-04-02T00:00:00+00:00,False,,,,,,,,Misuse of Drugs Act 1971 (section 23),Controlled drugs,"
                    + "A no further action disposal,,");

    /** Public pages asked for, so that the classes of a first request are in the archive too. */
    static final List<String> PAGES = List.of("/", "/sign-in", "/publications", "/search?q=panel", "/api/v1/publications");

    /** Which archive: the commands on files alone (and help), or the application's (serve and the database's commands). */
    enum Kind { files, application }

    @CommandLine.Parameters(index = "0", paramLabel = "KIND", description = "files or application")
    Kind kind;

    @CommandLine.Parameters(index = "1", paramLabel = "EMPTY_FOLDER",
            description = "An empty folder for the training's files and database, removed by the launcher afterwards.")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (kind == Kind.files) {
            Path records = Files.createDirectories(work.resolve("records"));
            Files.write(records.resolve("2022-04-metropolitan-stop-and-search.csv"), RECORDS, StandardCharsets.UTF_8);
            Files.write(work.resolve("population.csv"), POPULATION, StandardCharsets.UTF_8);
            new CommandLine(new Oversight()).usage(new PrintStream(OutputStream.nullOutputStream()));
            return new CommandLine(new Oversight()).execute("analyse", "--records", records.toString(), "--population",
                    work.resolve("population.csv").toString(), "--children-only", "--by", "borough", "--out",
                    work.resolve("out").toString());
        }
        // system properties come before the environment and application.properties: a configured database
        // server or data folder is never used here
        System.setProperty("oversight.database.url", "");
        System.setProperty("oversight.database.data-directory", work.resolve("data").toString());
        System.setProperty("oversight.identity.demonstration-data", "false");
        System.setProperty("server.port", "0");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OversightApplication.class)
                .properties("oversight.database.command=serve", "logging.level.root=WARN").run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            for (String page : PAGES) {
                http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + page))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
            }
        }
        // the embedded database stops when the JVM does (after every context has closed); the launcher then
        // removes the folder
        return 0;
    }
}
