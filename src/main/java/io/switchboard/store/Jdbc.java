package io.switchboard.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * One statement on a connection of the data source, for the stores that own a table: the try-with-resources, the
 * read loop and the {@link SQLException} (an {@link IllegalStateException} saying what could not be done, e.g.
 * {@code "could not read elements"}) are here once; the SQL text, how it is bound and how a row is read stay with
 * the store that owns the table. Inside a transaction the data source hands out the transaction's connection.
 */
public final class Jdbc {

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Binder {

        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {

        T read(ResultSet rs) throws SQLException;
    }

    /** Several statements on one connection. */
    @FunctionalInterface
    public interface Work<T> {

        T on(Connection connection) throws SQLException;
    }

    private Jdbc() {
    }

    /** Binds {@code values} in order, a null as an untyped SQL NULL. */
    public static Binder params(Object... values) {
        return statement -> {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, values[i]);
                }
            }
        };
    }

    /** Every row of a query, in the order it returns them. */
    public static <T> List<T> list(DataSource dataSource, String sql, Binder binder, Row<T> row, String failure) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    /** The first row of a query, if it returns any. */
    public static <T> Optional<T> first(DataSource dataSource, String sql, Binder binder, Row<T> row,
            String failure) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    /** A query's one number (a {@code count(*)}, say): the first column of its first row. */
    public static long number(DataSource dataSource, String sql, Binder binder, String failure) {
        return first(dataSource, sql, binder, rs -> rs.getLong(1), failure)
                .orElseThrow(() -> new IllegalStateException(failure + ": no row"));
    }

    /** An insert, update or delete; how many rows it changed. */
    public static int update(DataSource dataSource, String sql, Binder binder, String failure) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    /** Work on a connection of its own (in the caller's transaction, if any). */
    public static <T> T connected(DataSource dataSource, Work<T> work, String failure) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    /** Ids as a {@code bigint[]} parameter, for {@code = ANY (?)}. */
    public static Array bigints(PreparedStatement statement, Collection<Long> ids) throws SQLException {
        return statement.getConnection().createArrayOf("bigint", ids.toArray());
    }
}
