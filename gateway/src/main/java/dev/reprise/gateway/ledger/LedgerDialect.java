package dev.reprise.gateway.ledger;

/**
 * The few places the ledger's SQL differs between SQLite and PostgreSQL: UTC time buckets, rounding a double to a
 * number of decimals, and truncating one to an integer. Every other query is written once, in SQL both accept, so
 * a report reads the same on either backend.
 */
enum LedgerDialect {

    SQLITE {
        @Override
        String utc(String format, String sqliteFormat) {
            return "strftime('" + sqliteFormat + "', at_ms / 1000, 'unixepoch')";
        }

        @Override
        String round(String expr, int decimals) {
            return "ROUND(" + expr + ", " + decimals + ")";
        }

        @Override
        String truncate(String expr) {
            return "CAST(" + expr + " AS INTEGER)";
        }
    },

    POSTGRESQL {
        @Override
        String utc(String format, String sqliteFormat) {
            return "to_char(to_timestamp(at_ms / 1000) AT TIME ZONE 'UTC', '" + format + "')";
        }

        @Override
        String round(String expr, int decimals) {
            // ROUND(double, n) does not exist in PostgreSQL: numeric rounds exactly, as SQLite's does for display.
            return "CAST(ROUND(CAST(" + expr + " AS NUMERIC), " + decimals + ") AS DOUBLE PRECISION)";
        }

        @Override
        String truncate(String expr) {
            // A cast to an integer rounds in PostgreSQL; SQLite's truncates toward zero.
            return "CAST(TRUNC(" + expr + ") AS BIGINT)";
        }
    };

    /**
     * The row's arrival ({@code at_ms}) as UTC text.
     *
     * @param format       PostgreSQL's {@code to_char} pattern
     * @param sqliteFormat SQLite's {@code strftime} pattern for the same text
     */
    abstract String utc(String format, String sqliteFormat);

    /** {@code expr} rounded half away from zero to {@code decimals} places, as a double. */
    abstract String round(String expr, int decimals);

    /** {@code expr} truncated toward zero, as an integer. */
    abstract String truncate(String expr);
}
