package dev.reprise.gateway.ledger;

import dev.reprise.gateway.cluster.PostgresLink;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The cluster's ledger: the {@code requests} and {@code feedback} tables in the PostgreSQL every node writes to,
 * through this node's {@link PostgresLink} (which migrated them from {@code db/postgresql/ledger}). Each write takes
 * a pooled connection for its transaction; each read one of its own.
 */
final class PostgresLedger implements LedgerDatabase {

    private final PostgresLink link;

    PostgresLedger(PostgresLink link) {
        this.link = link;
    }

    @Override
    public LedgerDialect dialect() {
        return LedgerDialect.POSTGRESQL;
    }

    @Override
    public Connection writer() throws SQLException {
        Connection c = link.connection();
        try {
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void release(Connection c) throws SQLException {
        c.close();
    }

    @Override
    public Connection reader() throws SQLException {
        Connection c = link.connection();
        try {
            c.setReadOnly(true);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean available() {
        return link.up();
    }

    @Override
    public boolean lost(SQLException e) {
        link.failedIfLost(e);
        return PostgresLink.isConnectionLoss(e);
    }

    @Override
    public String describe() {
        return "PostgreSQL at " + link.settings().address();
    }

    @Override
    public void close() {
        // The link is the gateway's, shared with the budgets' spend: it closes it.
    }
}
