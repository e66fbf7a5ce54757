package uk.saferschools.oversight.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A field or address parameter holding a NUL character (code 0) is refused with 400 and the service's
 * page saying so. No text of ours holds one, and PostgreSQL refuses it in any text value ("invalid byte
 * sequence for encoding UTF8: 0x00"), so it would otherwise fail as a 500 in whichever query met it
 * first: a search, the audit trail's filter, any form. Multipart bodies are not read here: their text
 * fields are small and checked by the forms; reading them would parse the body before the checks of who
 * is asking (see {@link AnonymousMultipartRefusal}).
 */
@Component
class NulCharacterRefusal extends OncePerRequestFilter implements Ordered {

    static final String MESSAGE = "The address or the form held a character that no text may hold (NUL, code 0), so it was "
            + "not used. Remove it, or go back and type the value again.";

    /** After Spring Session's filter, before the refusal of anonymous multipart bodies (-110) and Spring Security (-100). */
    @Override
    public int getOrder() {
        return -120;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!AnonymousMultipartRefusal.multipart(request) && holdsNul(request)) {
            // the service's error page shows the reason (error.html reads "problem")
            request.setAttribute("problem", MESSAGE);
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, MESSAGE);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean holdsNul(HttpServletRequest request) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) {
                return true;
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
