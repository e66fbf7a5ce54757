package uk.saferschools.oversight.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ends an account's sessions when its access is withdrawn or its password changes (security review
 * finding 1). The session keeps the roles the account had at sign-in, so without this a disabled
 * account, or a role taken away, would go on working for as long as the session was kept alive.
 * Spring Session JDBC indexes sessions by principal name, so this is one indexed query and a delete each.
 */
@Component
class AccountSessions {

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions;

    AccountSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessions) {
        this.sessions = sessions;
    }

    /** Ends every session of the account; its holder must sign in again. */
    void endAll(String username) {
        endAllBut(username, null);
    }

    /**
     * Ends every session of the account except {@code keep} (the one the holder is using now). Inside a
     * transaction, once it has committed: Spring Session deletes in a transaction of its own, and a sign-in
     * racing the change must not start a session from the account as it was before the change.
     */
    void endAllBut(String username, String keep) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    end(username, keep);
                }
            });
        } else {
            end(username, keep);
        }
    }

    private void end(String username, String keep) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository == null) {
            return; // not a web application (a command of the launcher): there are no sessions
        }
        for (String id : repository.findByPrincipalName(username).keySet()) {
            if (!id.equals(keep)) {
                repository.deleteById(id);
            }
        }
    }
}
