package uk.saferschools.oversight;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import uk.saferschools.oversight.analysis.AnalyseCommand;
import uk.saferschools.oversight.audit.AuditCommand;
import uk.saferschools.oversight.audit.AuditVerifyCommand;
import uk.saferschools.oversight.database.BackupCommand;
import uk.saferschools.oversight.database.EmbeddedDatabaseBusyException;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;
import uk.saferschools.oversight.database.RestoreCommand;
import uk.saferschools.oversight.records.ImportCommand;

/**
 * {@code ./oversight}: the one entry point (after {@link OversightMain}, which hands some commands to a running server). Parses the command line first, so that {@code --help} and
 * mistakes are answered at once without starting anything; then starts the application (with the web
 * server for {@code serve}, without it for the rest) and runs the command with its beans.
 */
@Command(name = "oversight", mixinStandardHelpOptions = true, versionProvider = Oversight.Version.class,
        description = "Safer Schools Oversight: independent oversight of police officers based in London schools.",
        subcommands = {Oversight.Serve.class, ImportCommand.class, AnalyseCommand.class, AuditCommand.class,
                BackupCommand.class, RestoreCommand.class, ClassArchiveTraining.class},
        footer = {"", "Data lives in ./data/ (embedded PostgreSQL) unless OVERSIGHT_DATABASE_URL names a PostgreSQL server.",
                "Run './oversight COMMAND --help' for a command's options."})
public class Oversight implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What {@link #run} returns when the web server was started and the process must keep running. */
    static final int SERVING = -1;

    public static void main(String[] args) {
        int status = run(args);
        if (status != SERVING) {
            System.exit(status);
        }
    }

    static int run(String... args) {
        CommandLine parser = new CommandLine(new Oversight());
        ParseResult parsed;
        try {
            parsed = parser.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            // names what was wrong, then shows the usage of the command it concerns
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return 2;
        }
        Integer helpExit = CommandLine.executeHelpRequest(parsed);
        if (helpExit != null) {
            return helpExit;
        }
        List<CommandLine> chosen = parsed.asCommandLineList();
        CommandLine leaf = chosen.get(chosen.size() - 1);
        if (!(leaf.getCommand() instanceof Callable<?>)) {
            // "oversight" or "oversight audit" alone: show what can be run
            leaf.usage(leaf.getOut());
            return 0;
        }
        String commandName = String.join(" ", chosen.stream().skip(1).map(CommandLine::getCommandName).toList());
        if (standalone(leaf.getCommand())) {
            // works on files alone: no application context, no database
            return new CommandLine(new Oversight()).execute(args);
        }
        if (embeddedDatabase()) {
            try {
                EmbeddedPostgresServer.refuseIfBusy(dataDirectory(), commandName);
                if (startsTheDatabaseEarly(leaf.getCommand())) {
                    EmbeddedPostgresServer.startEarly(dataDirectory(), commandName);
                }
            } catch (RuntimeException e) {
                return refuseWhenBusy(e);
            }
        }
        if (leaf.getCommand() instanceof Serve serve) {
            return serve.call();
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OversightApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("oversight.database.command=" + commandName, "logging.level.root=WARN",
                        "logging.level.uk.saferschools=INFO",
                        // a command runs no background jobs: those are for the nodes that serve (ADR 0015)
                        "db-scheduler.enabled=false",
                        // and makes only the beans its work uses (issue 17): the web's, the publication's and the
                        // panel's are never asked for by an import or audit verify
                        "spring.main.lazy-initialization=true",
                        "spring.autoconfigure.exclude=" + String.join(",", NOT_FOR_COMMANDS))
                .run()) {
            return withBeansOf(context).execute(args);
        } catch (RuntimeException e) {
            return refuseWhenBusy(e);
        }
    }

    /** The commands, each filled in with the beans of {@code context} when it is made. */
    static CommandLine withBeansOf(ApplicationContext context) {
        return new CommandLine(new Oversight(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                context.getAutowireCapableBeanFactory().autowireBean(made);
                return made;
            }
        });
    }

    /**
     * What a command on the database never uses (issue 17): metrics, health and the actuator's endpoints are for a
     * node that serves, and pages are made only by one. Their beans would be made all the same (the data source's
     * pool binds its metrics when it is made, and the metrics registry then binds every binder), about 0.3 s of
     * every command's start. Nothing of ours asks for them.
     */
    static final List<String> NOT_FOR_COMMANDS = List.of(
            "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration",
            "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration",
            "org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.application.SslHealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.jvm.JvmMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.ssl.SslMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.startup.StartupTimeMetricsListenerAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.system.SystemMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
            "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration");

    /**
     * The commands whose embedded PostgreSQL starts while the application context is made (import, audit verify):
     * not restore, which may replace the database's files, nor backup, nor serve, which start it when asked.
     */
    static boolean startsTheDatabaseEarly(Object command) {
        return command instanceof ImportCommand || command instanceof AuditVerifyCommand;
    }

    /**
     * The commands a running {@code serve} does when asked through its socket (ADR 0023): those that only read files
     * and the database, and write no file but the reports they are told to. Not backup or restore, which stop or
     * replace what the server is using.
     */
    static boolean handedOver(Object command) {
        return command instanceof ImportCommand || command instanceof AuditVerifyCommand;
    }

    /** A command with nothing for Spring to inject works on files alone. */
    static boolean standalone(Object command) {
        if (command instanceof Serve) {
            return false;
        }
        for (Class<?> type = command.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(Autowired.class)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean embeddedDatabase() {
        String url = System.getenv("OVERSIGHT_DATABASE_URL");
        return url == null || url.isBlank();
    }

    /** As in application.properties: OVERSIGHT_DATA_DIRECTORY, else ./data */
    static Path dataDirectory() {
        return CommandHandover.dataDirectory();
    }

    /**
     * When the embedded database is held by another command, says so plainly (exit status 3) instead
     * of a stack trace; anything else is rethrown.
     */
    static int refuseWhenBusy(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EmbeddedDatabaseBusyException busy) {
                System.err.println(busy.getMessage());
                return 3;
            }
        }
        throw e;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ./oversight serve}: the web application. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the web application (http://localhost:8080 unless --port).")
    static class Serve implements Callable<Integer> {

        @Option(names = "--port", defaultValue = "${env:OVERSIGHT_PORT:-8080}",
                description = "Port to listen on (default ${DEFAULT-VALUE}; or OVERSIGHT_PORT).")
        int port;

        @Override
        public Integer call() {
            try {
                new SpringApplicationBuilder(OversightApplication.class)
                        .properties("server.port=" + port, "oversight.database.command=serve",
                                // the commands run on the same data are handed to it (ADR 0023)
                                "oversight.command-handover.enabled=true")
                        .run();
                return SERVING;
            } catch (RuntimeException e) {
                return refuseWhenBusy(e);
            }
        }
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Oversight.class.getPackage().getImplementationVersion();
            return new String[] {"Safer Schools Oversight " + (version == null ? "(development build)" : version)};
        }
    }
}
