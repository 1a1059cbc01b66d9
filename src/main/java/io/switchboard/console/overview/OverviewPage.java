package io.switchboard.console.overview;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;
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

    @Inject CurrentSession session;
    @Inject Instances instances;
    @Inject Activity activity;
    @Inject ConsolePages pages;
    @Inject Clock clock;
    @Inject OverviewCharts charts;
    @Inject @Location("console/overview.html") Template overview;

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
