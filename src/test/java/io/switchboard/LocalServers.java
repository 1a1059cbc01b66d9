package io.switchboard;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** WireMock servers on 127.0.0.1 and a free port, started once per test JVM and stopped when it ends. */
public final class LocalServers {

    private LocalServers() {
    }

    /** Starts a server configured on top of {@code options} (already bound to 127.0.0.1 and a dynamic port). */
    public static WireMockServer start(WireMockConfiguration options) {
        WireMockServer server = new WireMockServer(options.dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }
}
