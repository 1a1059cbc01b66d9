package io.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows gathered column by column, to be bound as one array parameter per column and read back with
 * {@code unnest(?::text[], ?::int8[], ...) AS t(a, b, ...)}: many rows in one statement whose text does not depend
 * on how many there are (so it is prepared once), instead of one statement per row.
 */
public final class Columns {

    private final String[] types;
    private final List<List<Object>> columns = new ArrayList<>();

    /** @param types the PostgreSQL element type of each column, e.g. {@code "text"}, {@code "int8"} */
    public Columns(String... types) {
        this.types = types.clone();
        for (int i = 0; i < types.length; i++) {
            columns.add(new ArrayList<>());
        }
    }

    /** Adds a row: one value per column, in order; text as {@link Text#storable}. */
    public void add(Object... row) {
        if (row.length != types.length) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + types.length + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            columns.get(i).add(row[i] instanceof String text ? Text.storable(text) : row[i]);
        }
    }

    public boolean isEmpty() {
        return columns.get(0).isEmpty();
    }

    /**
     * Binds each column as an array, from parameter {@code index} on; returns the next parameter's index. Text and
     * number columns go as Java arrays, which the driver sends in PostgreSQL's binary format (no quoting and
     * escaping of every character of a body); others as {@link java.sql.Array}s.
     */
    public int bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
        for (int i = 0; i < types.length; i++) {
            List<Object> values = columns.get(i);
            switch (types[i]) {
                case "text" -> statement.setObject(index++, values.toArray(new String[0]));
                case "int8" -> statement.setObject(index++, values.toArray(new Long[0]));
                case "int4" -> statement.setObject(index++, values.toArray(new Integer[0]));
                case "float8" -> statement.setObject(index++, values.toArray(new Double[0]));
                default -> statement.setArray(index++, connection.createArrayOf(types[i], values.toArray()));
            }
        }
        return index;
    }
}
