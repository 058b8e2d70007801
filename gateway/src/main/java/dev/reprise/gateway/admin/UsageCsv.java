package dev.reprise.gateway.admin;

import dev.reprise.gateway.ledger.UsageRow;

import java.util.List;

/** {@code /admin/usage?format=csv}: the JSON answer's columns, one line per group (RFC 4180 quoting). */
final class UsageCsv {

    private static final String COLUMNS = "requests,cache_hits,exact_hits,semantic_hits,fallbacks,errors,"
            + "input_tokens,output_tokens,cost_usd,saved_usd,latency_p50_ms,latency_p95_ms,"
            + "judge_calls,judge_cost_usd,judge_saved_usd";

    private UsageCsv() {
    }

    static String of(List<UsageRow> rows, boolean subgroup) {
        StringBuilder out = new StringBuilder(subgroup ? "group,subgroup," : "group,").append(COLUMNS).append("\r\n");
        for (UsageRow r : rows) {
            out.append(field(r.group())).append(',');
            if (subgroup) {
                out.append(field(r.subgroup())).append(',');
            }
            out.append(r.requests()).append(',').append(r.cacheHits()).append(',').append(r.exactHits()).append(',')
                    .append(r.semanticHits()).append(',').append(r.fallbacks()).append(',').append(r.errors())
                    .append(',').append(r.inputTokens()).append(',').append(r.outputTokens()).append(',')
                    .append(number(r.costUsd())).append(',').append(number(r.savedUsd())).append(',')
                    .append(number(r.latencyP50Ms())).append(',').append(number(r.latencyP95Ms())).append(',')
                    .append(r.judgeCalls()).append(',').append(number(r.judgeCostUsd())).append(',')
                    .append(number(r.judgeSavedUsd())).append("\r\n");
        }
        return out.toString();
    }

    /** Without an exponent (0.0001, not 1.0E-4), which some spreadsheets read as text. */
    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).toPlainString();
    }

    /** Quoted when it holds a comma, a quote or a line break; quotes doubled. */
    private static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
