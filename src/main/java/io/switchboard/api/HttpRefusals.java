package io.switchboard.api;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;

/**
 * Puts {@link RefusalAnswers} on every HTTP connection, so that what the HTTP server refuses before any route
 * sees it (see there) is answered with a problem document as well.
 *
 * <p>Quarkus 3.27 offers no hook for Vert.x's {@code invalidRequestHandler} (its HTTP server is made and started
 * inside Quarkus), so this works one level down, in Netty: a handler on the listening channel adds, to every
 * accepted connection, one that puts {@code RefusalAnswers} right after Vert.x's HTTP encoder before the first
 * bytes are read. The listening channel is read from one private field of Vert.x ({@code TCPServerBase.bindFuture});
 * should a Vert.x upgrade rename it, the hub logs a warning and answers those refusals as Vert.x does (a status
 * without a body), and {@code HttpServerRefusalsTest} fails.
 */
@ApplicationScoped
public class HttpRefusals {

    private static final Logger LOG = Logger.getLogger(HttpRefusals.class);
    static final String INSTALLER = "switchboard-refusal-installer";
    static final String ANSWERS = "switchboard-refusal-answers";

    @Inject ObjectMapper mapper;
    private final Set<Channel> hooked = ConcurrentHashMap.newKeySet();

    /**
     * Quarkus's HTTP server has started listening (an asynchronous event: connections accepted in the few
     * milliseconds before it are answered as Vert.x does).
     */
    void started(@ObservesAsync HttpServerStart start, Vertx vertx) {
        hook(start.options(), vertx);
    }

    void started(@ObservesAsync HttpsServerStart start, Vertx vertx) {
        hook(start.options(), vertx);
    }

    /** Whether a listening channel has the hook (for tests). */
    boolean hooked() {
        return !hooked.isEmpty();
    }

    private void hook(HttpServerOptions options, Vertx vertx) {
        RefusalAnswers.Limits limits = new RefusalAnswers.Limits(options.getMaxInitialLineLength(),
                options.getMaxHeaderSize());
        try {
            for (HttpServerImpl server : ((VertxInternal) vertx).sharedHttpServers().values()) {
                Channel listening = listeningChannel(server);
                if (listening != null && hooked.add(listening)) {
                    listening.pipeline().addFirst(new AcceptedConnections(new Installer(mapper, limits)));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Requests the HTTP server refuses itself (a request line or headers over the limit, a malformed "
                    + "Content-Length or chunked body) are answered without a problem document: %s", e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Channel listeningChannel(HttpServerImpl server) throws ReflectiveOperationException {
        Field bindFuture = TCPServerBase.class.getDeclaredField("bindFuture");
        bindFuture.setAccessible(true);
        Future<Channel> bound = (Future<Channel>) bindFuture.get(server);
        return bound == null || !bound.succeeded() ? null : bound.result();
    }

    /** On the listening channel: sees each accepted connection before Vert.x sets up its pipeline. */
    @ChannelHandler.Sharable
    static final class AcceptedConnections extends ChannelInboundHandlerAdapter {
        private final Installer installer;

        AcceptedConnections(Installer installer) {
            this.installer = installer;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof Channel accepted) {
                accepted.pipeline().addFirst(INSTALLER, installer);
            }
            context.fireChannelRead(message);
        }
    }

    /**
     * First on an accepted connection: by its first read, Vert.x has added its HTTP codec (after TLS, a few reads
     * later), and {@link RefusalAnswers} goes right after the encoder. Gives up after a few reads (HTTP/2).
     */
    @ChannelHandler.Sharable
    static final class Installer extends ChannelInboundHandlerAdapter {
        private static final int PATIENCE = 16;
        private final ObjectMapper mapper;
        private final RefusalAnswers.Limits limits;

        Installer(ObjectMapper mapper, RefusalAnswers.Limits limits) {
            this.mapper = mapper;
            this.limits = limits;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ChannelPipeline pipeline = context.pipeline();
            if (pipeline.get("httpEncoder") != null && pipeline.get("httpDecoder") != null) {
                if (pipeline.get(ANSWERS) == null) {
                    pipeline.addAfter("httpEncoder", ANSWERS, new RefusalAnswers(mapper, limits));
                }
                pipeline.remove(this);
            } else if (reads(context) > PATIENCE) {
                pipeline.remove(this);
            }
            context.fireChannelRead(message);
        }

        private static int reads(ChannelHandlerContext context) {
            var counter = context.channel().attr(READS);
            Integer reads = counter.get();
            int next = reads == null ? 1 : reads + 1;
            counter.set(next);
            return next;
        }

        private static final io.netty.util.AttributeKey<Integer> READS = io.netty.util.AttributeKey
                .valueOf(Installer.class, "reads");
    }
}
