package io.switchboard.delivery;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import io.switchboard.SwitchboardConfig;
import io.vertx.core.Vertx;

/** Builds the delivery parts from configuration; they are plain classes so that unit tests build them too. */
@ApplicationScoped
public class DeliveryProducers {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    RetryPolicy retryPolicy(SwitchboardConfig config) {
        return new RetryPolicy(config.delivery().retrySchedule());
    }

    @Produces
    @ApplicationScoped
    DeliverySigner signer(Clock clock) {
        return new DeliverySigner(clock);
    }

    @Produces
    @ApplicationScoped
    CallbackSender sender(Vertx vertx, SwitchboardConfig config, Clock clock) {
        return new CallbackSender(vertx, new CallbackSender.Options(config.delivery().timeout(),
                config.delivery().maxPerHost()), clock);
    }

    void close(@Disposes CallbackSender sender) {
        sender.close();
    }
}
