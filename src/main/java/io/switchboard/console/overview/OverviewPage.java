package io.switchboard.console.overview;

import java.time.Clock;
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
import io.switchboard.error.HubError;
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
    private final OverviewCharts charts;
    private final Template overview;

    public OverviewPage(CurrentSession session, Instances instances, Activity activity, ConsolePages pages,
            Clock clock, OverviewCharts charts, @Location("console/overview.html") Template overview) {
        this.session = session;
        this.instances = instances;
        this.activity = activity;
        this.pages = pages;
        this.clock = clock;
        this.charts = charts;
        this.overview = overview;
    }

    @GET
    public Object overview() {
        if (session.admin()) {
            return ConsolePages.redirect(ConsolePages.BASE + "/admin");
        }
        long org = session.organizationId();
        return pages.page(overview)
                .data("instances", instances.list(org, List.of()).size())
                .data("counts", activity.counts(org, clock.instant().truncatedTo(ChronoUnit.DAYS)))
                .data("charts", charts.of(org));
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }
}
