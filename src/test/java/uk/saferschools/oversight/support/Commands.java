package uk.saferschools.oversight.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.springframework.context.ApplicationContext;
import picocli.CommandLine;

/** Runs an {@code ./oversight} command in-process, as the launcher does, capturing what it prints. */
public final class Commands {

    /** Exit status, standard output and standard error of one run. */
    public record Run(int status, String out, String err) {
    }

    private Commands() {
    }

    /** With {@code context}, its beans are injected into the command's {@code @Autowired} fields. */
    public static Run run(ApplicationContext context, Class<?> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(command, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (context != null) {
                    context.getAutowireCapableBeanFactory().autowireBean(made);
                }
                return made;
            }
        });
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int status = line.execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
