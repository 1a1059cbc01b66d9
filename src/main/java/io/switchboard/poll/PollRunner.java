package io.switchboard.poll;

import io.switchboard.element.rule.PolledResource;
import io.switchboard.element.rule.PollingSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.switchboard.trace.Spans;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.switchboard.event.ReceiptStore;
import io.switchboard.element.rule.InvalidRuleException;
import io.switchboard.element.rule.JsonPaths;
import io.switchboard.instance.InstanceSettings;
import io.vertx.core.Vertx;

/**
 * Runs one leased poll (API.md §6): each resource's URL with its placeholders filled from the watermark, every page
 * of the vendor's answer, the objects classified into events, and the result committed with the new watermark, or
 * the failure logged with the old one kept. The blocking steps (database, DNS, reading answers) run on a small pool of
 * poll threads; waiting for a vendor holds no thread, so a slow vendor delays only its own polls.
 */
@ApplicationScoped
class PollRunner {

    private static final Logger LOG = Logger.getLogger(PollRunner.class);
    private static final int MAX_ANSWER_KEPT = 2000;

    /** How a poll ended: a receipt (null id when nothing changed), a failure, or skipped (not to be polled). */
    record Outcome(long instanceId, String receiptId, int events, int notifications, PollFailure failure,
            boolean skipped) {

        static Outcome skipped(long instanceId) {
            return new Outcome(instanceId, null, 0, 0, null, true);
        }
    }

    /** What a poll needs, read once at its start. */
    private record Plan(Lease lease, InstanceSettings instance, PollingSpec spec, PollingSpec.Settings polling,
            List<PolledResource> resources, Map<String, Set<Changes.Seen>> reported, Instant deadline) {
    }

    /** Every object one resource returned in this poll. */
    private record Fetched(PolledResource resource, List<JsonNode> objects) {
    }

    private final PollLedger ledger;
    private final TargetGuard guard;
    private final DeliveryWakeup wakeup;
    private final PollConfig config;
    private final ObjectMapper mapper;
    private final PollMetrics metrics;
    private final Clock clock;
    private final ExecutorService executor;
    private final VendorClient client;
    private final Spans spans;

    PollRunner(PollLedger ledger, TargetGuard guard, DeliveryWakeup wakeup, PollConfig config,
            ObjectMapper mapper, PollMetrics metrics, Clock clock, Vertx vertx, Spans spans) {
        this.spans = spans;
        this.ledger = ledger;
        this.guard = guard;
        this.wakeup = wakeup;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(config.threads(), threads("poll-"));
        this.client = new VendorClient(vertx, config.requestTimeout(), config.maxResponse().asLongValue(),
                config.maxPerHost());
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
        client.close();
    }

    /** Runs the leased poll; the future never fails (a failure is an outcome). */
    CompletableFuture<Outcome> run(Lease lease) {
        // The poll's span: its receipt (stored in commit or failed, with the span current) is in its trace.
        Spans.Active span = spans.start("poll instance " + lease.instanceId(), SpanKind.INTERNAL);
        return CompletableFuture.supplyAsync(() -> plan(lease), executor)
                .thenCompose(plan -> plan == null ? CompletableFuture.completedFuture((Outcome) null)
                        : fetchAll(plan).thenApplyAsync(fetched -> {
                            try (Scope scope = span.enter()) {
                                return commit(plan, fetched);
                            }
                        }, executor))
                .handleAsync((outcome, failure) -> {
                    Outcome result;
                    try (Scope scope = span.enter()) {
                        result = failure == null ? outcome == null ? Outcome.skipped(lease.instanceId()) : outcome
                                : failed(lease, failure);
                    }
                    span.end(failure == null ? null : String.valueOf(failure.getMessage()));
                    metrics.finished(result, Duration.between(lease.start(), clock.instant()));
                    return result;
                }, executor);
    }

    private Plan plan(Lease lease) {
        PollLedger.Polled polled = ledger.read(lease.instanceId()).orElse(null);
        if (polled == null || !PollSchedule.pollable(polled.instance())) {
            ledger.skip(lease);
            return null;
        }
        InstanceSettings instance = polled.instance();
        ElementDescriptor element = polled.element().orElse(null);
        if (element == null) {
            throw new PollFailure("element '" + instance.elementKey() + "' no longer exists");
        }
        PollingSpec.Settings polling;
        List<PolledResource> resources;
        try {
            polling = element.pollingSpec().settings(instance.configuration());
            resources = PolledResource.parseAll(instance.get(EventKeys.POLLER_CONFIGURATION).orElse(null),
                    objectTypes(instance));
        } catch (InvalidRuleException e) {
            throw new PollFailure("element '" + element.key() + "' has an invalid polling section: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new PollFailure(e.getMessage());
        }
        Instant deadline = lease.start().plus(config.lease()).minus(config.lease().dividedBy(10));
        return new Plan(lease, instance, element.pollingSpec(), polling, resources, reported(lease.boundary()), deadline);
    }

    private CompletableFuture<List<Fetched>> fetchAll(Plan plan) {
        CompletableFuture<List<Fetched>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (PolledResource resource : plan.resources()) {
            chain = chain.thenCompose(done -> fetch(plan, resource).thenApply(fetched -> {
                done.add(fetched);
                return done;
            }));
        }
        return chain;
    }

    private CompletableFuture<Fetched> fetch(Plan plan, PolledResource resource) {
        return CompletableFuture.supplyAsync(() -> firstUrl(plan, resource), executor)
                .thenCompose(first -> page(plan, resource, first, first, 1, new ArrayList<>(), new HashSet<>()))
                .thenApply(objects -> new Fetched(resource, objects));
    }

    private URI firstUrl(Plan plan, PolledResource resource) {
        Instant since = plan.lease().watermark().minusSeconds(resource.pollDelay());
        String url;
        try {
            url = Placeholders.expand(resource.url(), new Placeholders.Values(since,
                    resource.updatedFormat().zone(), plan.instance().configuration(), resource.pageSize()),
                    resource.name() + ".url");
        } catch (IllegalArgumentException e) {
            throw new PollFailure(e.getMessage());
        }
        if (!url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)) {
            String base = plan.polling().baseUrl();
            if (base == null) {
                throw new PollFailure(resource.name() + ".url is relative, but the instance has no base URL ("
                        + baseUrlKey(plan) + ")");
            }
            url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + (url.startsWith("/")
                    || url.startsWith("?") ? "" : "/") + url;
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new PollFailure(resource.name() + ".url is not a valid URL once its placeholders are filled ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    /** Fetches page {@code number} at {@code url}, then the pages after it, adding each page's records. */
    private CompletableFuture<List<JsonNode>> page(Plan plan, PolledResource resource, URI first, URI url, int number,
            List<JsonNode> objects, Set<URI> visited) {
        String what = resource.name() + " page " + number;
        return CompletableFuture.supplyAsync(() -> {
            if (clock.instant().isAfter(plan.deadline())) {
                throw new PollFailure(what + ": the poll ran out of time (switchboard.poll.lease " + config.lease()
                        .toSeconds() + " s)");
            }
            visited.add(url);
            return target(resource, url);
        }, executor).thenCompose(target -> client.get(target, headers(plan, first, url),
                what + " (" + shown(url) + ")"))
                .thenApplyAsync(answer -> read(plan, resource, url, answer, objects, what), executor)
                .thenCompose(next -> {
                    if (next == null) {
                        return CompletableFuture.completedFuture(objects);
                    }
                    if (visited.contains(next)) {
                        throw new PollFailure(what + ": the next page's URL repeats an earlier page's; paging stopped");
                    }
                    if (number >= config.maxPages()) {
                        throw new PollFailure(resource.name() + ": the vendor has more than " + config.maxPages()
                                + " pages (switchboard.poll.max-pages); narrow the URL or raise the limit");
                    }
                    return page(plan, resource, first, next, number + 1, objects, visited);
                });
    }

    private ResolvedTarget target(PolledResource resource, URI url) {
        try {
            return guard.resolve(resource.name() + " URL", url.toString());
        } catch (TargetRefusedException e) {
            throw new PollFailure(e.getMessage());
        } catch (UnknownHostException e) {
            throw new PollFailure(resource.name() + ": the vendor host " + url.getHost() + " does not resolve");
        }
    }

    /** Adds the page's records; returns the next page's URL, or null at the end. */
    private URI read(Plan plan, PolledResource resource, URI url, VendorClient.Answer answer, List<JsonNode> objects,
            String what) {
        if (answer.status() / 100 != 2) {
            throw new PollFailure(what + ": the vendor answered HTTP " + answer.status(), excerpt(answer));
        }
        JsonNode root;
        try {
            root = answer.body().length == 0 ? null : mapper.readTree(answer.body());
        } catch (IOException e) {
            throw new PollFailure(what + ": the vendor's answer is not JSON", excerpt(answer));
        }
        if (root == null) {
            throw new PollFailure(what + ": the vendor's answer is empty");
        }
        String recordsPath = resource.recordsPath() != null ? resource.recordsPath() : plan.polling().recordsPath();
        JsonNode records = recordsPath == null ? root : JsonPaths.resolve(root, recordsPath);
        if (records == null || !records.isArray()) {
            throw new PollFailure(what + ": " + (recordsPath == null
                    ? "the answer is not a JSON array; set the records path ("
                            + PollingSpec.source(plan.spec().recordsPath(), "recordsPath") + ") to where the array is"
                    : "the answer holds no array at '" + recordsPath + "'"), excerpt(answer));
        }
        records.forEach(objects::add);
        metrics.objects(records.size());
        String nextPath = resource.nextPagePath() != null ? resource.nextPagePath() : plan.polling().nextPagePath();
        String next = nextPath == null ? null : JsonPaths.text(JsonPaths.resolve(root, nextPath));
        if (next == null || next.isBlank()) {
            return null;
        }
        try {
            return resolve(url, next.trim());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new PollFailure(what + ": the next page's URL at '" + nextPath + "' is not a URL");
        }
    }

    /**
     * RFC 3986 §5.2 reference resolution. {@link URI#resolve} follows RFC 2396, which differs for a reference that is
     * only a query ({@code ?page=2} keeps the base's whole path) and an empty one.
     */
    static URI resolve(URI base, String reference) throws URISyntaxException {
        if (reference.startsWith("?")) {
            String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
            return new URI(base.getScheme() + "://" + base.getRawAuthority() + path + reference);
        }
        URI resolved = base.resolve(new URI(reference));
        if (resolved.getRawAuthority() == null) {
            return resolved; // not a web URL; the SSRF guard refuses it by name
        }
        String path = resolved.getRawPath();
        if (resolved.getRawAuthority() != null && path != null && (path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/.."))) {
            // java.net.URI keeps dot segments that climb above the root; RFC 3986 removes them
            path = removeDotSegments(path);
        }
        return new URI(resolved.getScheme() + "://" + resolved.getRawAuthority() + (path == null ? "" : path)
                + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery()));
    }

    /** RFC 3986 §5.2.4. */
    static String removeDotSegments(String path) {
        StringBuilder input = new StringBuilder(path);
        StringBuilder output = new StringBuilder();
        while (input.length() > 0) {
            if (startsWith(input, "../")) {
                input.delete(0, 3);
            } else if (startsWith(input, "./") || startsWith(input, "/./")) {
                input.delete(0, 2);
            } else if (input.toString().equals("/.")) {
                input.replace(0, 2, "/");
            } else if (startsWith(input, "/../") || input.toString().equals("/..")) {
                input.replace(0, 3, "");
                if (input.length() == 0) {
                    input.append('/');
                }
                int last = output.lastIndexOf("/");
                output.setLength(Math.max(last, 0));
            } else if (input.toString().equals(".") || input.toString().equals("..")) {
                input.setLength(0);
            } else {
                int next = input.indexOf("/", input.charAt(0) == '/' ? 1 : 0);
                int end = next < 0 ? input.length() : next;
                output.append(input, 0, end);
                input.delete(0, end);
            }
        }
        return output.toString();
    }

    private static boolean startsWith(StringBuilder text, String prefix) {
        return text.length() >= prefix.length() && text.substring(0, prefix.length()).equals(prefix);
    }

    /** The instance's credentials go only to the origin of the resource's first URL. */
    private static Map<String, String> headers(Plan plan, URI first, URI url) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!sameOrigin(first, url)) {
            return headers;
        }
        PollingSpec.Settings polling = plan.polling();
        if (polling.basicUsername() != null) {
            String pair = polling.basicUsername() + ":" + Objects.requireNonNullElse(polling.basicPassword(), "");
            headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (polling.authHeader() != null) {
            int colon = polling.authHeader().indexOf(':');
            if (colon < 1) {
                throw new PollFailure("the auth header (" + PollingSpec.source(plan.spec().authHeader(), "authHeader")
                        + ") must be 'Name: value', "
                        + "e.g. 'Authorization: Bearer …'");
            }
            headers.put(polling.authHeader().substring(0, colon).trim(),
                    polling.authHeader().substring(colon + 1).trim());
        }
        return headers;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private Outcome commit(Plan plan, List<Fetched> fetched) {
        Instant windowStart;
        List<ReceiptStore.PollResource> resources = new ArrayList<>();
        Map<String, Set<Changes.Seen>> boundary = new LinkedHashMap<>();
        ObjectNode body = mapper.createObjectNode();
        for (Fetched f : fetched) {
            PolledResource resource = f.resource();
            windowStart = plan.lease().watermark().minusSeconds(resource.pollDelay());
            Changes.Found found = Changes.classify(plan.instance().elementKey(), resource, f.objects(), windowStart,
                    plan.lease().start(), plan.reported().getOrDefault(resource.name(), Set.of()));
            if (!found.boundary().isEmpty()) {
                boundary.put(resource.name(), found.boundary());
            }
            if (found.events().isEmpty()) {
                continue;
            }
            ObjectNode raw = mapper.createObjectNode();
            raw.put("objectType", resource.name());
            ArrayNode array = raw.putArray(resource.name());
            f.objects().forEach(array::add);
            body.set(resource.name(), raw);
            resources.add(new ReceiptStore.PollResource(resource.name(), found.events(), raw.toString()));
        }
        PollLedger.Finished finished = ledger.succeed(plan.lease(), resources, boundary(boundary), body.toString());
        if (finished.stored() == null) {
            return finished.discarded() ? Outcome.skipped(plan.lease().instanceId())
                    : new Outcome(plan.lease().instanceId(), null, 0, 0, null, false);
        }
        if (finished.stored().pendingDeliveries() > 0) {
            wakeup.signal();
        }
        return new Outcome(plan.lease().instanceId(), finished.stored().id(), finished.stored().events(),
                finished.stored().notifications(), null, false);
    }

    private Outcome failed(Lease lease, Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause()
                : thrown;
        PollFailure failure;
        if (cause instanceof PollFailure f) {
            failure = f;
        } else {
            LOG.errorf(cause, "poll of instance %d failed unexpectedly", lease.instanceId());
            failure = new PollFailure("the hub could not complete the poll (an internal error; see the hub's log)");
        }
        String receiptId = null;
        try {
            receiptId = ledger.fail(lease, failure).orElse(null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not log the failed poll of instance %d; it is retried when its lease ends",
                    lease.instanceId());
        }
        LOG.debugf("poll of instance %d failed: %s", lease.instanceId(), failure.reason());
        return new Outcome(lease.instanceId(), receiptId, 0, 0, failure, false);
    }

    private String boundary(Map<String, Set<Changes.Seen>> boundary) {
        ObjectNode json = mapper.createObjectNode();
        boundary.forEach((resource, pairs) -> {
            ArrayNode array = json.putArray(resource);
            pairs.forEach(pair -> array.addArray().add(pair.objectId()).add(pair.updated().toString()));
        });
        return json.toString();
    }

    private Map<String, Set<Changes.Seen>> reported(String json) {
        Map<String, Set<Changes.Seen>> reported = new LinkedHashMap<>();
        if (json == null) {
            return reported;
        }
        try {
            mapper.readTree(json).fields().forEachRemaining(entry -> {
                Set<Changes.Seen> pairs = new LinkedHashSet<>();
                entry.getValue().forEach(pair -> pairs.add(new Changes.Seen(pair.path(0).asText(),
                        Instant.parse(pair.path(1).asText()))));
                reported.put(entry.getKey(), pairs);
            });
        } catch (IOException | RuntimeException e) {
            LOG.warnf("instance's poll boundary is unreadable; boundary duplicates are not dropped this time");
        }
        return reported;
    }

    private static Map<String, Boolean> objectTypes(InstanceSettings instance) {
        Map<String, Boolean> types = new LinkedHashMap<>();
        instance.get(EventKeys.OBJECTS).ifPresent(list -> {
            for (String type : list.split(",")) {
                if (!type.isBlank()) {
                    types.put(type.trim().toLowerCase(Locale.ROOT), true);
                }
            }
        });
        return types;
    }

    private static String baseUrlKey(Plan plan) {
        return PollingSpec.source(plan.spec().baseUrl(), "baseUrl");
    }

    /** A URL as a failure may show it: no query string (it may hold a key) and no user information. */
    private static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static String excerpt(VendorClient.Answer answer) {
        String text = answer.text();
        return text.length() > MAX_ANSWER_KEPT ? text.substring(0, MAX_ANSWER_KEPT) + "…" : text;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
