package io.switchboard.console.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;

import io.switchboard.api.PublicUrl;
import io.switchboard.console.ConsoleConfig;
import io.switchboard.console.ConsolePages;

/** The session cookie: HttpOnly, SameSite=Strict, Path=/console, Secure when the hub's public URL is https. */
@ApplicationScoped
public class SessionCookie {

    public static final String NAME = "switchboard_session";

    @Inject PublicUrl publicUrl;
    @Inject ConsoleConfig config;

    public NewCookie of(String sessionId) {
        return base(sessionId).maxAge((int) config.idleTimeout().toSeconds()).build();
    }

    public NewCookie cleared() {
        return base("").maxAge(0).build();
    }

    private NewCookie.Builder base(String value) {
        return new NewCookie.Builder(NAME).value(value).path(ConsolePages.BASE).httpOnly(true)
                .secure(publicUrl.base().startsWith("https:")).sameSite(NewCookie.SameSite.STRICT);
    }
}
