package io.switchboard.event;

import io.switchboard.element.FormEncoding;
import io.switchboard.element.InboundWebhook;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.api.JsonErrors;

/**
 * Reads a webhook body by its content type: {@code application/json} (and {@code +json} types) as JSON,
 * {@code application/x-www-form-urlencoded} as an object of strings, {@code text/xml}, {@code application/xml}
 * (and {@code +xml} types) as a string, after checking it is well-formed.
 */
public final class BodyParser {

    private static final ObjectMapper JSON = JsonErrors.bounded(new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
    private static final int MAX_REASON = 200;

    private BodyParser() {
    }

    public static ParsedBody parse(InboundWebhook request) throws BodyException {
        return parse(request.contentType(), request.body());
    }

    public static ParsedBody parse(String contentType, byte[] body) throws BodyException {
        if (contentType == null || contentType.isBlank()) {
            throw new UnsupportedContentTypeException("the request has no Content-Type; send application/json, "
                    + "application/x-www-form-urlencoded, text/xml or application/xml");
        }
        String mediaType = mediaType(contentType);
        Charset charset = charset(contentType);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            refuseNul(body, charset);
            return new ParsedBody(ParsedBody.Format.JSON, json(body, charset), Map.of());
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            refuseNul(body, charset);
            return form(body, charset == null ? StandardCharsets.UTF_8 : charset);
        }
        if (mediaType.equals("text/xml") || mediaType.equals("application/xml") || mediaType.endsWith("+xml")) {
            refuseNul(body, charset);
            return new ParsedBody(ParsedBody.Format.XML, xml(body, charset), Map.of());
        }
        throw new UnsupportedContentTypeException("content type " + mediaType + " is not supported; send "
                + "application/json, application/x-www-form-urlencoded, text/xml or application/xml");
    }

    /** A NUL byte of a UTF-8 body cannot be stored (PostgreSQL text): refused with where it is. */
    private static void refuseNul(byte[] body, Charset charset) throws UnparseableBodyException {
        if (charset != null && !charset.equals(StandardCharsets.UTF_8)) {
            return;
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                throw new UnparseableBodyException("the body contains a NUL character (U+0000) at byte " + i
                        + ", which the hub cannot store; send the body without it (in JSON it is written \\u0000)");
            }
        }
    }

    private static JsonNode json(byte[] body, Charset charset) throws UnparseableBodyException {
        try {
            // Jackson detects UTF-8/16/32 from the bytes; only a declared other charset needs decoding first
            JsonNode node = charset == null || charset.equals(StandardCharsets.UTF_8) ? JSON.readTree(body)
                    : JSON.readTree(new String(body, charset));
            if (node == null || node.isMissingNode()) {
                throw new UnparseableBodyException("the body is empty; expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnparseableBodyException(JsonErrors.describe(e, "the body"));
        } catch (IOException e) {
            throw new UnparseableBodyException("the body is not valid JSON: "
                    + shorten(JsonErrors.withoutJavaNames(e.getMessage())));
        }
    }

    private static ParsedBody form(byte[] body, Charset charset) throws UnparseableBodyException {
        Map<String, List<String>> parameters;
        try {
            parameters = FormEncoding.decode(new String(body, charset), charset);
        } catch (IllegalArgumentException e) {
            throw new UnparseableBodyException("the body is not valid form data: " + shorten(e.getMessage()));
        }
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        parameters.forEach((name, values) -> raw.put(name, values.get(0)));
        return new ParsedBody(ParsedBody.Format.FORM, raw, parameters);
    }

    private static TextNode xml(byte[] body, Charset charset) throws UnparseableBodyException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // a vendor body must never make the hub read files or call URLs
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.newSAXParser().parse(new ByteArrayInputStream(body), new DefaultHandler());
        } catch (SAXParseException e) {
            throw new UnparseableBodyException("the body is not well-formed XML at line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": " + shorten(e.getMessage()));
        } catch (SAXException | IOException e) {
            throw new UnparseableBodyException("the body is not well-formed XML: " + shorten(e.getMessage()));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return TextNode.valueOf(new String(body, charset == null ? StandardCharsets.UTF_8 : charset));
    }

    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The declared charset, {@code null} when none or unknown. */
    static Charset charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] nameValue = parameter.trim().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].trim().equalsIgnoreCase("charset")) {
                try {
                    return Charset.forName(nameValue[1].trim().replace("\"", ""));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String shorten(String reason) {
        if (reason == null) {
            return "unexpected input";
        }
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }
}
