package io.switchboard.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * No HTTP/2 cleartext upgrade ({@code Upgrade: h2c}): clients that offer it (the JDK's HttpClient does by
 * default) simply continue with HTTP/1.1. With the upgrade on, a POST's body is consumed by the upgrade and the
 * body handler of {@link BodyLimit} fails the request. HTTP/2 over TLS is unaffected.
 */
@ApplicationScoped
public class HttpServerSettings implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
