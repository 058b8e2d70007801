package dev.reprise.gateway.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.gateway.cluster.PostgresLink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key table in the cluster's PostgreSQL ({@code db/postgresql/keys}), shared by every node. Each write takes the
 * next {@code revision} while it holds the table's advisory lock until it commits, so revisions become visible in
 * order and {@link #changes} reads only what is newer than the last revision seen. An update applies only to the
 * revision this node last read, so a node with a stale copy cannot undo another node's change (a revocation say).
 */
public final class PostgresKeyStore implements KeyStore {

    /** The advisory lock every write of the key table holds until it commits ("rprskeys" in ASCII). */
    static final long WRITE_LOCK = 0x727072736b657973L;
    private static final String SELECT = "SELECT " + KeyRows.COLUMNS + ", revision FROM keys ";
    private static final String NEXT_REVISION = "nextval('keys_revision_seq')";

    private final PostgresLink link;
    /** The highest revision read: every change up to it has been returned. Guarded by this. */
    private long seen;
    /** Each key's revision as this node last read or wrote it, which an update must still find. Guarded by this. */
    private final Map<String, Long> revisions = new HashMap<>();

    public PostgresKeyStore(PostgresLink link) {
        this.link = link;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public synchronized List<VirtualKey> loadAll() {
        requireUp();
        try (Connection c = link.connection();
             PreparedStatement s = c.prepareStatement(SELECT + "ORDER BY created_at_ms, id")) {
            revisions.clear();
            seen = 0;
            return read(s);
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read the key table", e);
        }
    }

    /** A short indexed read, bounded by {@code command-timeout}: it may run on a request's path. */
    @Override
    public synchronized List<VirtualKey> changes() {
        requireUp();
        try (Connection c = link.commandConnection();
             PreparedStatement s = c.prepareStatement(SELECT + "WHERE revision > ? ORDER BY revision")) {
            s.setLong(1, seen);
            return read(s);
        } catch (SQLException | JsonProcessingException e) {
            throw failure("read the key table's changes", e);
        }
    }

    private List<VirtualKey> read(PreparedStatement s) throws SQLException, JsonProcessingException {
        List<VirtualKey> keys = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                VirtualKey key = KeyRows.read(rs);
                long revision = rs.getLong("revision");
                revisions.put(key.id(), revision);
                seen = Math.max(seen, revision);
                keys.add(key);
            }
        }
        return keys;
    }

    @Override
    public synchronized void insert(VirtualKey key) {
        write(key, "INSERT INTO keys (" + KeyRows.COLUMNS + ", revision) VALUES (" + KeyRows.PLACEHOLDERS + ", "
                + NEXT_REVISION + ") RETURNING revision", null);
    }

    @Override
    public synchronized void update(VirtualKey key) {
        Long expected = revisions.get(key.id());
        if (expected == null) {
            throw new KeyStoreException("no key " + key.id() + " to update", null);
        }
        write(key, "UPDATE keys SET " + KeyRows.ASSIGNMENTS + ", revision = " + NEXT_REVISION
                + " WHERE id = ? AND revision = ? RETURNING revision", expected);
    }

    /** Runs one write in a transaction under the table's lock; an update names the revision it expects. */
    private void write(VirtualKey key, String sql, Long expected) {
        requireUp();
        try (Connection c = link.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, WRITE_LOCK);
                    lock.execute();
                }
                Long revision = writeRow(c, sql, key, expected);
                if (revision == null) {
                    boolean exists = exists(c, key.id());
                    c.rollback();
                    if (exists) {
                        throw new KeyRefused(KeyRefused.Reason.CHANGED_ELSEWHERE, "The key " + key.id()
                                + " was changed on another gateway a moment ago; read it again and retry.");
                    }
                    throw new KeyStoreException("no key " + key.id() + " to update", null);
                }
                c.commit();
                revisions.put(key.id(), revision);
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
            // The pool puts auto-commit back when the connection returns to it.
        } catch (SQLException | JsonProcessingException e) {
            throw failure("write key " + key.id() + " to the key table", e);
        }
    }

    private static Long writeRow(Connection c, String sql, VirtualKey key, Long expected)
            throws SQLException, JsonProcessingException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int next = KeyRows.bind(s, key);
            if (expected != null) {
                s.setString(next++, key.id());
                s.setLong(next, expected);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM keys WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is lost or the transaction already ended: PostgreSQL drops it either way
        }
    }

    /** Fails at once while the link is down, rather than wait for a connection that will not come. */
    private void requireUp() {
        if (!link.up()) {
            throw new KeyStoreUnavailable("PostgreSQL at " + link.settings().address() + " is unreachable", null);
        }
    }

    /** A lost database makes the link go down and the failure an unavailability; anything else is an error. */
    private RuntimeException failure(String what, Exception e) {
        if (e instanceof SQLException sql && PostgresLink.isConnectionLoss(sql)) {
            link.failed(sql);
            return new KeyStoreUnavailable("cannot " + what + ": PostgreSQL at " + link.settings().address()
                    + " is unreachable (" + e.getMessage() + ")", e);
        }
        return new KeyStoreException("cannot " + what + " in PostgreSQL at " + link.settings().address() + ": "
                + e.getMessage(), e);
    }

    /** The link is the gateway's, closed by it. */
    @Override
    public void close() {
    }
}
