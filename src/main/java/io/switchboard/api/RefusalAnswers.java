package io.switchboard.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One a connection, right after the HTTP encoder: when the HTTP decoder could not read a request (a request line
 * or headers over the limit, a malformed or repeated {@code Content-Length}, a control character in a header, a
 * broken chunked body), answers it with a problem document that says what to fix, and closes the connection — HTTP
 * cannot tell where the next request would start. Without it Vert.x answers such a request with a bare status, or,
 * for a broken chunked body, just closes.
 *
 * <p>Only when nothing else is being answered on the connection: behind a pipelined request still in progress, the
 * refusal is left to Vert.x rather than written into the middle of another response.
 */
final class RefusalAnswers extends ChannelDuplexHandler {

    private static final Logger LOG = Logger.getLogger(RefusalAnswers.class);
    private static final int REASON_CHARACTERS = 160;

    /** The HTTP server's limits, named in the answers. */
    record Limits(int requestLine, int headers) {
    }

    private final ObjectMapper mapper;
    private final Limits limits;
    /** Requests read and not yet answered to their end. */
    private int inFlight;
    /** Whether the response of the oldest request in flight has begun. */
    private boolean answering;
    private boolean closing;
    /** Whether the body of a refused request is still to come (and to be dropped). */
    private boolean discarding;

    RefusalAnswers(ObjectMapper mapper, Limits limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (closing) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (discarding) {
            discarding = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpRequest request) {
            if (request.decoderResult().isFailure() && inFlight == 0) {
                refuse(context, message, request.decoderResult().cause(), false);
                return;
            }
            if (inFlight == 0 && !Paths.valid(request.uri())) {
                refusePath(context, request);
                return;
            }
            inFlight++;
        } else if (message instanceof HttpContent content && content.decoderResult().isFailure() && inFlight == 1
                && !answering) {
            refuse(context, message, content.decoderResult().cause(), true);
            return;
        }
        context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            answering = true;
        }
        if (message instanceof LastHttpContent && answering) {
            answering = false;
            inFlight = Math.max(0, inFlight - 1);
        }
        context.write(message, promise);
    }

    /**
     * A request line that is well-formed HTTP but whose path is not a URI path (an invalid %-escape, a bracket): the
     * routes could not be matched against it. The request is complete HTTP, so the connection goes on.
     */
    private void refusePath(ChannelHandlerContext context, HttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        discarding = !(request instanceof LastHttpContent);
        ReferenceCountUtil.release(request);
        String requestId = RequestIds.next();
        LOG.debugf("Refused a request with an invalid path [requestId=%s]", requestId);
        answer(context, 400, "the path is not a valid URI path: a % must be followed by two hexadecimal digits, and "
                + "characters such as space \" < > [ ] { } | \\ ^ ` must be percent-encoded (%5B for [)", requestId,
                keepAlive);
    }

    private void refuse(ChannelHandlerContext context, Object message, Throwable cause, boolean inBody) {
        ReferenceCountUtil.release(message);
        closing = true;
        int status = status(cause, inBody);
        String requestId = RequestIds.next();
        LOG.debugf("Refused a request the HTTP server could not read [requestId=%s]: %s", requestId, cause);
        answer(context, status, detail(status, cause, inBody), requestId, false);
    }

    private void answer(ChannelHandlerContext context, int status, String detail, String requestId,
            boolean keepAlive) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(ProblemMapper.body(status, detail, List.of(), Map.of(), requestId));
        } catch (JsonProcessingException e) {
            body = new byte[0];
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-Request-Id", requestId);
        if (keepAlive) {
            context.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static int status(Throwable cause, boolean inBody) {
        if (!inBody && cause instanceof TooLongFrameException) {
            String message = String.valueOf(cause.getMessage());
            if (message.startsWith("An HTTP line is larger")) {
                return 414;
            }
            if (message.startsWith("HTTP header is larger")) {
                return 431;
            }
        }
        return 400;
    }

    String detail(int status, Throwable cause, boolean inBody) {
        if (status == 414) {
            return "the request line (method, path and query) is longer than the limit of " + limits.requestLine()
                    + " bytes; send a shorter URL, and large data in the body";
        }
        if (status == 431) {
            return "the request's headers are larger than the limit of " + limits.headers()
                    + " bytes together; send fewer or shorter headers";
        }
        String reason = reason(cause);
        if (inBody) {
            return "the chunked request body is malformed (" + reason + "); send each chunk as its size in hexadecimal, "
                    + "CRLF, the bytes, CRLF, and end with a chunk of size 0 — or send the body with a Content-Length";
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("content-length")) {
            return "the Content-Length header is malformed (" + reason + "); send it once, as the body's size in bytes "
                    + "(a non-negative decimal number), or send the body chunked without it";
        }
        if (lower.contains("header")) {
            return "a request header is malformed (" + reason + "); a header name is letters, digits and !#$%&'*+-.^_`|~ "
                    + "followed by a colon, and a value holds no control characters (NUL, a bare CR or LF)";
        }
        return "the request is not valid HTTP/1.1 (" + reason + "); send a request line of the form "
                + "\"METHOD /path HTTP/1.1\" and header lines of the form \"Name: value\", each ending in CRLF";
    }

    /** Netty's words for what it could not read, without control characters and not too long. */
    private static String reason(Throwable cause) {
        String message = cause == null || cause.getMessage() == null ? "unreadable" : cause.getMessage();
        StringBuilder reason = new StringBuilder();
        message.codePoints().limit(REASON_CHARACTERS)
                .forEach(c -> reason.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return reason.toString();
    }
}
