package io.switchboard.poll;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.element.rule.JsonPaths;
import io.switchboard.element.rule.PolledResource;
import io.switchboard.element.rule.PollingSpec;
import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;

/**
 * Fetches every page of a poll's resources, one resource after the other: the first page's URL from the
 * resource's (its placeholders filled from the watermark), each next one from the page before, each checked by the
 * guard, with the instance's credentials only for the first URL's origin. The blocking steps (DNS, reading
 * answers) run on {@code executor}; waiting for the vendor holds no thread.
 */
final class PagedFetch {

    private static final int MAX_ANSWER_KEPT = 2000;

    /** Every object one resource returned in this poll. */
    record Fetched(PolledResource resource, List<JsonNode> objects) {
    }

    private final VendorClient client;
    private final TargetGuard guard;
    private final PollConfig config;
    private final ObjectMapper mapper;
    private final PollMetrics metrics;
    private final Clock clock;
    private final Executor executor;

    PagedFetch(VendorClient client, TargetGuard guard, PollConfig config, ObjectMapper mapper, PollMetrics metrics,
            Clock clock, Executor executor) {
        this.client = client;
        this.guard = guard;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = executor;
    }

    /** The objects of every resource of the plan, in its order; fails with a {@link PollFailure}. */
    CompletableFuture<List<Fetched>> fetchAll(PollPlan plan) {
        CompletableFuture<List<Fetched>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (PolledResource resource : plan.resources()) {
            chain = chain.thenCompose(done -> fetch(plan, resource).thenApply(fetched -> {
                done.add(fetched);
                return done;
            }));
        }
        return chain;
    }

    private CompletableFuture<Fetched> fetch(PollPlan plan, PolledResource resource) {
        return CompletableFuture.supplyAsync(() -> firstUrl(plan, resource), executor)
                .thenCompose(first -> page(plan, resource, first, first, 1, new ArrayList<>(), new HashSet<>()))
                .thenApply(objects -> new Fetched(resource, objects));
    }

    private static URI firstUrl(PollPlan plan, PolledResource resource) {
        String url;
        try {
            url = Placeholders.expand(resource.url(), new Placeholders.Values(plan.windowStart(resource),
                    resource.updatedFormat().zone(), plan.instance().configuration(), resource.pageSize()),
                    resource.name() + ".url");
        } catch (IllegalArgumentException e) {
            throw new PollFailure(e.getMessage());
        }
        return PageUrls.first(url, plan.polling().baseUrl(), resource.name(), plan.baseUrlKey());
    }

    /** Fetches page {@code number} at {@code url}, then the pages after it, adding each page's records. */
    private CompletableFuture<List<JsonNode>> page(PollPlan plan, PolledResource resource, URI first, URI url,
            int number, List<JsonNode> objects, Set<URI> visited) {
        String what = resource.name() + " page " + number;
        return CompletableFuture.supplyAsync(() -> {
            if (clock.instant().isAfter(plan.deadline())) {
                throw new PollFailure(what + ": the poll ran out of time (switchboard.poll.lease " + config.lease()
                        .toSeconds() + " s)");
            }
            visited.add(url);
            return target(resource, url);
        }, executor).thenCompose(target -> client.get(target, headers(plan, first, url),
                what + " (" + PageUrls.shown(url) + ")"))
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
    private URI read(PollPlan plan, PolledResource resource, URI url, VendorClient.Answer answer,
            List<JsonNode> objects, String what) {
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
            return PageUrls.resolve(url, next.trim());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new PollFailure(what + ": the next page's URL at '" + nextPath + "' is not a URL");
        }
    }

    /** The instance's credentials go only to the origin of the resource's first URL. */
    private static Map<String, String> headers(PollPlan plan, URI first, URI url) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!PageUrls.sameOrigin(first, url)) {
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

    private static String excerpt(VendorClient.Answer answer) {
        String text = answer.text();
        return text.length() > MAX_ANSWER_KEPT ? text.substring(0, MAX_ANSWER_KEPT) + "…" : text;
    }
}
