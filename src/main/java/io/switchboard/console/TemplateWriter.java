package io.switchboard.console;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.qute.TemplateInstance;

/** Renders a page handler's {@link TemplateInstance} as UTF-8 HTML (quarkus-rest-qute does not resolve here). */
@Provider
@Produces(MediaType.TEXT_HTML)
public class TemplateWriter implements MessageBodyWriter<TemplateInstance> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return TemplateInstance.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(TemplateInstance page, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        headers.putSingle("Content-Type", MediaType.TEXT_HTML_TYPE.withCharset("UTF-8").toString());
        out.write(page.render().getBytes(StandardCharsets.UTF_8));
    }
}
