package uk.saferschools.oversight.audit;

import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./oversight audit verify}: checks the whole chain; exit status 0 when intact, 1 when broken. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the whole audit trail's hash chain and name the first entry altered, inserted or removed.")
public class AuditVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Field injection: picocli builds the command first (for --help), Spring fills this in to run it.
    @Autowired
    private AuditTrail auditTrail;

    @Override
    public Integer call() {
        ChainVerification verification = auditTrail.verify();
        if (verification.intact()) {
            spec.commandLine().getOut().println(verification.summary());
            return 0;
        }
        spec.commandLine().getErr().println(verification.summary());
        return 1;
    }
}
