package dev.reprise.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the ledger's rows live, as the store and the reader use it: an embedded SQLite file on this node, or the
 * cluster's PostgreSQL shared by every node. The SQL is the same but for {@link #dialect}.
 */
interface LedgerDatabase extends AutoCloseable {

    LedgerDialect dialect();

    /** A connection for one write transaction (auto-commit off); hand it back with {@link #release}. */
    Connection writer() throws SQLException;

    /** Ends the use of a {@link #writer} connection. */
    void release(Connection writer) throws SQLException;

    /** A read-only connection of its own, which the caller closes. */
    Connection reader() throws SQLException;

    /** True when the rows are shared by the cluster (and may be unreachable for a while). */
    boolean shared();

    /** Whether writes can be tried now: false while the cluster's database is known to be away. */
    boolean available();

    /** True when {@code e} means the database is away (it is then marked so), not that the statement was bad. */
    boolean lost(SQLException e);

    /** What to call it in a log line or an error: the file, or PostgreSQL's address (never a password). */
    String describe();

    @Override
    void close() throws SQLException;
}
