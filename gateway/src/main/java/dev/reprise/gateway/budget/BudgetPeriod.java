package dev.reprise.gateway.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** A budget's period: a calendar day, week (from Monday) or month, in UTC. */
public enum BudgetPeriod {
    DAY, WEEK, MONTH;

    /** When the period holding {@code at} began. */
    public Instant start(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate first = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When the period holding {@code at} ends and the next begins. */
    public Instant end(Instant at) {
        LocalDate first = LocalDate.ofInstant(start(at), ZoneOffset.UTC);
        LocalDate next = switch (this) {
            case DAY -> first.plusDays(1);
            case WEEK -> first.plusWeeks(1);
            case MONTH -> first.plusMonths(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** As written in config and JSON: {@code day}, {@code week}, {@code month}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period named {@code label}, any case. */
    public static BudgetPeriod parse(String key, String label) {
        for (BudgetPeriod p : values()) {
            if (p.label().equalsIgnoreCase(label.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException(key + " must be one of day, week, month, got '" + label + "'");
    }
}
