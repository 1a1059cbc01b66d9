package io.switchboard.console.session;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

import io.switchboard.console.ConsoleRefusal;
import io.switchboard.tenant.Caller;
import io.switchboard.tenant.Secrets;

/** The console session of the current request, set by {@link SessionFilter}. */
@RequestScoped
public class CurrentSession {

    private ConsoleSession session;

    void set(ConsoleSession session) {
        this.session = session;
    }

    public Optional<ConsoleSession> get() {
        return Optional.ofNullable(session);
    }

    public ConsoleSession require() {
        if (session == null) {
            throw new ConsoleRefusal(401, "Sign in first.");
        }
        return session;
    }

    /** The organization's user, as the API's services take it; an admin session is refused. */
    public Caller caller() {
        ConsoleSession s = require();
        if (s.admin()) {
            throw new ConsoleRefusal(403, "The admin key opens only the admin pages; sign in with a user's and an "
                    + "organization's secrets to see an organization.");
        }
        return new Caller(s.organizationId().orElseThrow(), s.userId().orElseThrow(), Optional.empty());
    }

    public long organizationId() {
        return caller().organizationId();
    }

    public void requireAdmin() {
        if (!require().admin()) {
            throw new ConsoleRefusal(403, "The admin pages need the admin key; sign out and sign in with it.");
        }
    }

    /** Refuses a state-changing form that does not carry this session's CSRF token. */
    public void checkCsrf(String token) {
        if (token == null || !Secrets.matches(token, Secrets.hash(require().csrfToken()))) {
            throw new ConsoleRefusal(403, "This form is missing its security token (CSRF) or it has expired; "
                    + "reload the page and try again.");
        }
    }

    public String csrf() {
        return session == null ? "" : session.csrfToken();
    }

    public boolean admin() {
        return session != null && session.admin();
    }
}
