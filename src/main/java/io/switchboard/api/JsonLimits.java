package io.switchboard.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** The API's JSON bodies are read within {@link JsonErrors#readConstraints()}, as webhook bodies are. */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        JsonErrors.bounded(mapper);
    }
}
