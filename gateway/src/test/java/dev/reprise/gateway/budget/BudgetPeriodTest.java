package dev.reprise.gateway.budget;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Budget periods are calendar periods in UTC. */
class BudgetPeriodTest {

    @ParameterizedTest
    @CsvSource({
            "DAY,   2026-12-06T23:59:59Z, 2026-12-06T00:00:00Z, 2026-12-07T00:00:00Z",
            "WEEK,  2026-12-06T12:00:00Z, 2026-11-30T00:00:00Z, 2026-12-07T00:00:00Z",
            "WEEK,  2026-12-07T00:00:00Z, 2026-12-07T00:00:00Z, 2026-12-14T00:00:00Z",
            "MONTH, 2026-12-31T23:00:00Z, 2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
            "MONTH, 2028-02-29T10:00:00Z, 2028-02-01T00:00:00Z, 2028-03-01T00:00:00Z",
    })
    void should_start_and_end_on_calendar_boundaries(BudgetPeriod period, String at, String start, String end) {
        assertEquals(Instant.parse(start), period.start(Instant.parse(at)));
        assertEquals(Instant.parse(end), period.end(Instant.parse(at)));
    }
}
