package uk.saferschools.oversight.audit;

import picocli.CommandLine.Command;

/** {@code ./oversight audit …}: commands for the audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the audit trail (see: audit verify).",
        subcommands = AuditVerifyCommand.class)
public class AuditCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
