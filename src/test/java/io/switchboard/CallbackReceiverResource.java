package io.switchboard;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the callback receiver's WireMock server with the hub under test and stops it with it, and injects it
 * into each test's {@link InjectCallbackReceiver} field (as quarkus-super-heroes injects its WireMock servers).
 * Registered for every {@code @QuarkusTest} by {@link TestDatabase}.
 */
public class CallbackReceiverResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = LocalServers.start(options().asynchronousResponseEnabled(true).containerThreads(64));
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new CallbackReceiver(server),
                new TestInjector.AnnotatedAndMatchesType(InjectCallbackReceiver.class, CallbackReceiver.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
