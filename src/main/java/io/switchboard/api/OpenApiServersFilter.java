package io.switchboard.api;

import java.util.List;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The document's one server is the hub's public URL ({@code switchboard.public-url}, else
 * {@code http://localhost:<quarkus.http.port>}, as {@link PublicUrl} says), read when the hub starts, so that
 * Swagger UI's "Try it out" and generated clients call the hub where it is reached.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BOTH)
public class OpenApiServersFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Config config = ConfigProvider.getConfig();
        String url = config.getOptionalValue("switchboard.public-url", String.class)
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseGet(() -> "http://localhost:" + config.getOptionalValue("quarkus.http.port", Integer.class)
                        .orElse(8080));
        openAPI.setServers(List.of(OASFactory.createServer().url(url)
                .description("This hub (switchboard.public-url)")));
    }
}
