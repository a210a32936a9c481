package org.jxen.daemon.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * jxend's state on disk: one SQLite file in WAL mode. Every change is its own committed
 * transaction before the caller goes on, so a change acknowledged to a client survives
 * {@code kill -9} (WAL with synchronous=NORMAL loses nothing on a process crash; only a power
 * cut may lose the last commits); changes made together ({@link #begin}, {@link #commit}) reach
 * the disk together. One connection, used under the {@link ObjectStore}'s lock.
 */
public final class Database implements AutoCloseable {
    /** One stored object: its class, reference, UUID and record as JSON. */
    public record Row(String cls, String ref, String uuid, String json) {
    }

    /** A local user: the salted hash of the password and how it was made. */
    public record UserRow(String name, String salt, String hash, int iterations) {
    }

    private final Connection connection;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;
    private final PreparedStatement putUser;

    private Database(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS objects (ref TEXT PRIMARY KEY, class TEXT NOT NULL,"
                    + " uuid TEXT NOT NULL UNIQUE, record TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, salt TEXT NOT NULL,"
                    + " hash TEXT NOT NULL, iterations INTEGER NOT NULL)");
        }
        this.upsert = connection.prepareStatement("INSERT INTO objects (ref, class, uuid, record) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT(ref) DO UPDATE SET record = excluded.record");
        this.delete = connection.prepareStatement("DELETE FROM objects WHERE ref = ?");
        this.putUser = connection.prepareStatement("INSERT INTO users (name, salt, hash, iterations) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET salt = excluded.salt, hash = excluded.hash,"
                + " iterations = excluded.iterations");
    }

    /** Opens (creating if needed) the database at {@code file}. */
    public static Database open(Path file) throws SQLException {
        return new Database(DriverManager.getConnection("jdbc:sqlite:" + file));
    }

    public synchronized List<Row> objects() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT class, ref, uuid, record FROM objects ORDER BY rowid")) {
            while (r.next()) {
                rows.add(new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
            }
        }
        return rows;
    }

    /** Starts a group of changes that reach the disk together or not at all. */
    public synchronized void begin() throws SQLException {
        connection.setAutoCommit(false);
    }

    /** Ends the group {@link #begin} started, committing it. */
    public synchronized void commit() throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    public synchronized void put(Row row) throws SQLException {
        upsert.setString(1, row.ref());
        upsert.setString(2, row.cls());
        upsert.setString(3, row.uuid());
        upsert.setString(4, row.json());
        upsert.executeUpdate();
    }

    public synchronized void remove(String ref) throws SQLException {
        delete.setString(1, ref);
        delete.executeUpdate();
    }

    public synchronized void putUser(UserRow user) throws SQLException {
        putUser.setString(1, user.name());
        putUser.setString(2, user.salt());
        putUser.setString(3, user.hash());
        putUser.setInt(4, user.iterations());
        putUser.executeUpdate();
    }

    public synchronized Optional<UserRow> user(String name) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT name, salt, hash, iterations FROM users WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(new UserRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4)))
                        : Optional.empty();
            }
        }
    }

    public synchronized int userCount() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM users")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
