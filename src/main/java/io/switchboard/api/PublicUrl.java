package io.switchboard.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;
import io.switchboard.SwitchboardConfig;

/**
 * The URL vendors reach this hub at: {@code switchboard.public-url}, else {@code http://localhost:<port>} with
 * the port the HTTP server really listens on (tests use a random one).
 */
@ApplicationScoped
public class PublicUrl {

    @Inject SwitchboardConfig config;
    private volatile int listeningPort;
    private volatile String base;

    void onHttpStart(@Observes HttpServerStart start) {
        listeningPort = start.options().getPort();
        base = null;
    }

    /** Without a trailing slash. */
    public String base() {
        String known = base;
        if (known == null) {
            int port = port();
            known = config.publicUrl().map(PublicUrl::trimSlash).orElseGet(() -> "http://localhost:" + port);
            if (port > 0 || config.publicUrl().isPresent()) {
                base = known; // a random port (0) is known only once the server has started
            }
        }
        return known;
    }

    /** An absolute URL for a path of the API, e.g. {@code /elements/api-v2/events/twilio/7}. */
    public String of(String path) {
        return base() + (path.startsWith("/") ? path : "/" + path);
    }

    private int port() {
        if (listeningPort > 0) {
            return listeningPort;
        }
        String property = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getOptionalValue(property, Integer.class).orElse(8080);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
