package io.switchboard.trace;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * OpenTelemetry's SDK runs only when {@code quarkus.otel.exporter.otlp.endpoint} (or its traces form) is set: unset,
 * no span is recorded or exported and nothing tries to reach a collector. An explicit
 * {@code quarkus.otel.sdk.disabled} anywhere wins (this source's ordinal is below every other).
 */
public class TelemetryDefaults implements ConfigSourceFactory {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    private static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpoint = ENDPOINTS.stream().map(context::getValue).anyMatch(TelemetryDefaults::isSet);
        return List.of(new PropertiesConfigSource(Map.of(DISABLED, Boolean.toString(!endpoint)),
                "switchboard-telemetry-defaults", 1));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(1);
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && (value.getSourceName() == null || !value.getSourceName().contains("Default"));
    }
}
