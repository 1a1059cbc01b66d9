package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.switchboard.error.HubError;

class BodyBudgetTest {

    @Test
    void bodiesAreTakenWhileTheyFitAndRefusedWithRetryAfterOnceTheyDoNot() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Permit first = budget.admit(60);
        BodyBudget.Permit second = budget.admit(40);
        HubError refused = assertThrows(HubError.class, () -> budget.admit(1));
        assertEquals(HubError.Kind.UNAVAILABLE, refused.kind());
        assertEquals(BodyBudget.RETRY_AFTER, refused.retryAfter().orElseThrow());
        assertTrue(refused.getMessage().contains("handling 100 bytes") && refused.getMessage().contains("budget of 100 bytes"),
                refused.getMessage());
        first.close();
        budget.admit(60).close();
        second.close();
        assertEquals(0, budget.inFlight());
    }

    @Test
    void aBodyLargerThanTheBudgetIsTakenAloneOnly() {
        BodyBudget budget = new BodyBudget(100);
        try (BodyBudget.Permit big = budget.admit(500)) {
            assertEquals(500, budget.inFlight());
            assertThrows(HubError.class, () -> budget.admit(1));
        }
        try (BodyBudget.Permit small = budget.admit(10)) {
            assertThrows(HubError.class, () -> budget.admit(500));
        }
    }

    @Test
    void closingAPermitTwiceGivesItsBytesBackOnce() {
        BodyBudget budget = new BodyBudget(100);
        BodyBudget.Permit permit = budget.admit(70);
        BodyBudget.Permit other = budget.admit(30);
        permit.close();
        permit.close();
        assertEquals(30, budget.inFlight());
        other.close();
        assertEquals(0, budget.inFlight());
    }
}
