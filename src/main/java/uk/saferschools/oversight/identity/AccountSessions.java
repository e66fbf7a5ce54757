package uk.saferschools.oversight.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

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

    /** Ends every session of the account; its holder must sign in again. Returns how many were ended. */
    int endAll(String username) {
        return endAllBut(username, null);
    }

    /** Ends every session of the account except {@code keep} (the one the holder is using now). */
    int endAllBut(String username, String keep) {
        FindByIndexNameSessionRepository<? extends Session> repository = sessions.getIfAvailable();
        if (repository == null) {
            return 0; // not a web application (a command of the launcher): there are no sessions
        }
        int ended = 0;
        for (String id : repository.findByPrincipalName(username).keySet()) {
            if (!id.equals(keep)) {
                repository.deleteById(id);
                ended++;
            }
        }
        return ended;
    }
}
