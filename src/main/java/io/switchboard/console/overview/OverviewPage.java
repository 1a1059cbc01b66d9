package io.switchboard.console.overview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.api.Problem;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.history.Activity;
import io.switchboard.instance.Instances;

/** The organization at a glance: counts and charts of the last hour and the last 24 hours. */
@Path(ConsolePages.BASE)
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    private final CurrentSession session;
    private final Instances instances;
    private final Activity activity;
    private final ConsolePages pages;
    private final Clock clock;
    private final Template overview;

    public OverviewPage(CurrentSession session, Instances instances, Activity activity, ConsolePages pages,
            Clock clock, @Location("console/overview.html") Template overview) {
        this.session = session;
        this.instances = instances;
        this.activity = activity;
        this.pages = pages;
        this.clock = clock;
        this.overview = overview;
    }

    @GET
    public Object overview() {
        if (session.admin()) {
            return ConsolePages.redirect(ConsolePages.BASE + "/admin");
        }
        long org = session.organizationId();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant hourAgo = now.minus(Duration.ofHours(1));
        Instant dayAgo = now.minus(Duration.ofHours(24));
        Duration minute = Duration.ofMinutes(1);
        Duration tenMinutes = Duration.ofMinutes(10);
        List<Activity.AttemptStats> attempts = activity.attempts(org, dayAgo, tenMinutes, 144);
        double[] p50 = attempts.stream().mapToDouble(Activity.AttemptStats::p50).toArray();
        double[] p99 = attempts.stream().mapToDouble(Activity.AttemptStats::p99).toArray();
        double[] failures = attempts.stream().mapToDouble(a -> a.failureRate() * 100).toArray();
        TemplateInstance page = pages.page(overview)
                .data("instances", instances.list(org, List.of()).size())
                .data("counts", activity.counts(org, clock.instant().truncatedTo(ChronoUnit.DAYS)))
                .data("charts", List.of(
                        Chart.of("Receipts per minute, last hour", "receipts",
                                activity.receipts(org, hourAgo, minute, 60).counts(), hourAgo, now),
                        Chart.of("Deliveries per minute, last hour", "deliveries",
                                activity.deliveries(org, hourAgo, minute, 60).counts(), hourAgo, now),
                        Chart.of("Receipts per minute, last 24 hours", "receipts",
                                activity.receipts(org, dayAgo, minute, 1440).counts(), dayAgo, now),
                        Chart.of("Deliveries per minute, last 24 hours", "deliveries",
                                activity.deliveries(org, dayAgo, minute, 1440).counts(), dayAgo, now),
                        Chart.of("Delivery latency p50 (ms, per 10 minutes, 24 hours)", "ms", p50, dayAgo, now),
                        Chart.of("Delivery latency p99 (ms, per 10 minutes, 24 hours)", "ms", p99, dayAgo, now),
                        Chart.of("Failed attempts (% per 10 minutes, 24 hours)", "%", failures, dayAgo, now)));
        return page;
    }

    @ServerExceptionMapper
    public Response problem(Problem problem) {
        return pages.error(problem);
    }
}
