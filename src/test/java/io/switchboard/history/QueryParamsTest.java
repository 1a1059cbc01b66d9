package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.switchboard.error.HubError;
import io.switchboard.delivery.DeliveryStatus;

class QueryParamsTest {

    @Test
    void pageSizeDefaultsToFiftyAndIsCappedAtFiveHundred() {
        assertEquals(50, QueryParams.pageSize(null));
        assertEquals(50, QueryParams.pageSize(""));
        assertEquals(1, QueryParams.pageSize("1"));
        assertEquals(500, QueryParams.pageSize("500"));
        assertEquals(500, QueryParams.pageSize("501"));
        for (String bad : new String[] { "0", "-1", "ten", "1.5", "99999999999" }) {
            HubError problem = assertThrows(HubError.class, () -> QueryParams.pageSize(bad), bad);
            assertEquals("pageSize", problem.errors().get(0).field());
        }
    }

    @Test
    void timesAreIso8601WithOrWithoutAnOffset() {
        Instant expected = Instant.parse("2026-11-22T10:15:30.123Z");
        assertEquals(expected, QueryParams.instant("from", "2026-11-22T10:15:30.123Z"));
        assertEquals(expected, QueryParams.instant("from", "2026-11-22T11:15:30.123+01:00"));
        assertEquals(expected, QueryParams.instant("from", "2026-11-22T11:15:30.123 01:00"));
        assertEquals(expected, QueryParams.instant("from", "2026-11-22T10:15:30.123"));
        assertEquals(Instant.parse("2026-11-22T00:00:00Z"), QueryParams.instant("from", "2026-11-22"));
        assertNull(QueryParams.instant("from", null));
        HubError problem = assertThrows(HubError.class, () -> QueryParams.instant("to", "last tuesday"));
        assertEquals("to", problem.errors().get(0).field());
    }

    @Test
    void statusesAreCaseInsensitiveAndABadOneListsTheAllowedValues() {
        assertEquals(DeliveryStatus.QUEUED, QueryParams.oneOf("status", "queued", DeliveryStatus.class));
        assertNull(QueryParams.oneOf("status", null, DeliveryStatus.class));
        HubError problem = assertThrows(HubError.class,
                () -> QueryParams.oneOf("status", "LOST", DeliveryStatus.class));
        assertEquals("status", problem.errors().get(0).field());
        assertTrue(problem.detail().contains("PENDING, DELIVERED, FAILED, QUEUED, CANCELLED"), problem.detail());
    }
}
