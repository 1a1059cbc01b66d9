package io.switchboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/** Reads rows in tests, where asserting on the stored state says more than the API alone. */
public final class TestDb {

    private TestDb() {
    }

    /** The rows of a query, each as a list of column values as strings (null kept). */
    public static List<List<String>> rows(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(rs.getString(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String value(DataSource dataSource, String sql, Object... parameters) {
        List<List<String>> rows = rows(dataSource, sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
