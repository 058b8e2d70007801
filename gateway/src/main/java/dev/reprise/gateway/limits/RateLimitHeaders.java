package dev.reprise.gateway.limits;

import dev.reprise.gateway.pipeline.RequestContext;

import java.time.Duration;

/**
 * OpenAI's rate-limit headers from the tightest quota of each kind: {@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} and the {@code -tokens} ones. A reset
 * reads as OpenAI writes it ({@code 1s}, {@code 250ms}, {@code 6m0s}).
 */
final class RateLimitHeaders {

    static final String PREFIX = "x-ratelimit-";

    private RateLimitHeaders() {
    }

    static void set(RequestContext ctx, Admission admission) {
        set(ctx, "requests", admission.requests());
        set(ctx, "tokens", admission.tokens());
    }

    private static void set(RequestContext ctx, String kind, Quota quota) {
        if (quota == null) {
            return;
        }
        ctx.responseHeader(PREFIX + "limit-" + kind, Long.toString(quota.limit()));
        ctx.responseHeader(PREFIX + "remaining-" + kind, Long.toString(Math.max(0, quota.remaining())));
        ctx.responseHeader(PREFIX + "reset-" + kind, duration(quota.reset()));
    }

    /** A duration as Go prints one, as OpenAI's headers read: {@code 0s}, {@code 20ms}, {@code 1.5s}, {@code 1m30s}. */
    static String duration(Duration d) {
        long millis = (d.toNanos() + 999_999) / 1_000_000;
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        String seconds = seconds(millis % 60_000);
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }

    private static String seconds(long millis) {
        String whole = Long.toString(millis / 1000);
        long fraction = millis % 1000;
        if (fraction == 0) {
            return whole + "s";
        }
        String digits = String.format("%03d", fraction).replaceAll("0+$", "");
        return whole + "." + digits + "s";
    }
}
