package uk.saferschools.oversight.records;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says plainly, instead of a stack trace, why the application did not start without a usable key. */
class PseudonymisationKeyFailureAnalyzer extends AbstractFailureAnalyzer<Pseudonyms.KeyProblem> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, Pseudonyms.KeyProblem cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action, cause);
    }
}
