package dev.reprise.gateway.routing;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code routes:}: when every condition it names holds, the request goes to {@code alias}.
 * Absent conditions match anything; header names are compared case-insensitively, values exactly.
 */
public record RouteRule(String name, String taskType, Map<String, String> headers, String requestedAlias,
                        Long minTokens, Long maxTokens, String alias) {

    public RouteRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public boolean matches(RequestFacts facts) {
        if (taskType != null && !taskType.equals(facts.taskType())) {
            return false;
        }
        if (requestedAlias != null && !requestedAlias.equals(facts.requestedAlias())) {
            return false;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!facts.header(h.getKey().toLowerCase(Locale.ROOT)).map(h.getValue()::equals).orElse(false)) {
                return false;
            }
        }
        if (minTokens != null || maxTokens != null) {
            long tokens = facts.estimatedTokens();
            if (minTokens != null && tokens < minTokens) {
                return false;
            }
            return maxTokens == null || tokens <= maxTokens;
        }
        return true;
    }
}
