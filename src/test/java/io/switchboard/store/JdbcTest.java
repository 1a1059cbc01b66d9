package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** The JDBC helper without a database: what it binds, and what a failure becomes. */
class JdbcTest {

    @Test
    void paramsBindInOrderAndANullAsAnUntypedNull() throws SQLException {
        List<String> calls = new ArrayList<>();
        PreparedStatement statement = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { PreparedStatement.class }, (proxy, method, args) -> {
                    calls.add(method.getName() + List.of(args));
                    return null;
                });
        Jdbc.params(7L, null, "x").bind(statement);
        assertEquals(List.of("setObject[1, 7]", "setNull[2, " + Types.NULL + "]", "setObject[3, x]"), calls);
    }

    @Test
    void aFailingStatementIsAnIllegalStateSayingWhatCouldNotBeDone() {
        SQLException down = new SQLException("connection refused");
        DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                    throw down;
                });
        IllegalStateException list = assertThrows(IllegalStateException.class, () -> Jdbc.list(dataSource,
                "SELECT 1", Jdbc.params(), rs -> rs.getInt(1), "could not read elements"));
        assertEquals("could not read elements", list.getMessage());
        assertEquals(down, list.getCause());
        IllegalStateException update = assertThrows(IllegalStateException.class,
                () -> Jdbc.update(dataSource, "DELETE FROM t", Jdbc.params(), "could not delete"));
        assertInstanceOf(SQLException.class, update.getCause());
    }
}
