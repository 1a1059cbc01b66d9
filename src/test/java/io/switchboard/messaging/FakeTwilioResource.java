package io.switchboard.messaging;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.LocalServers;

/**
 * Starts the fake Twilio with the hub under test, stops it with it, and injects it into each test's
 * {@link InjectFakeTwilio} field. Registered for the messaging tests by {@code MessagingApiTest}.
 */
public class FakeTwilioResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the {@link FakeTwilio} field of a test. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface InjectFakeTwilio {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = LocalServers.start(options().containerThreads(32));
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new FakeTwilio(server),
                new TestInjector.AnnotatedAndMatchesType(InjectFakeTwilio.class, FakeTwilio.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
