package io.switchboard.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.switchboard.store.Jdbc;

/**
 * The {@code organization}, {@code app_user} and {@code hub_setting} tables. Each method is one statement on a
 * connection of the data source, so it joins the caller's transaction when there is one.
 */
@ApplicationScoped
class TenantStore {

    /** A user found by its secret: the ids that make a {@link Caller}. */
    record UserIds(long userId, long organizationId) {
    }

    private static final String ORGANIZATION = "SELECT id, name, failure_policy, created_at FROM organization";
    private static final String USER = "SELECT id, organization_id, email, first_name, last_name, created_at "
            + "FROM app_user";

    @Inject DataSource dataSource;

    Organization insertOrganization(String name, String secretHash) {
        return query("INSERT INTO organization (name, secret_hash) VALUES (?, ?) "
                + "RETURNING id, name, failure_policy, created_at", TenantStore::organization, name, secretHash).get(0);
    }

    AppUser insertUser(long organizationId, String email, String secretHash) {
        return query("INSERT INTO app_user (organization_id, email, secret_hash) VALUES (?, ?, ?) "
                + "RETURNING id, organization_id, email, first_name, last_name, created_at", TenantStore::user,
                organizationId, email, secretHash).get(0);
    }

    boolean anyOrganization() {
        return !query("SELECT 1 FROM organization LIMIT 1", rs -> true).isEmpty();
    }

    boolean organizationSecretTaken(String secretHash) {
        return !query("SELECT 1 FROM organization WHERE secret_hash = ?", rs -> true, secretHash).isEmpty();
    }

    boolean userSecretTaken(String secretHash) {
        return !query("SELECT 1 FROM app_user WHERE secret_hash = ?", rs -> true, secretHash).isEmpty();
    }

    boolean emailTaken(long organizationId, String email) {
        return !query("SELECT 1 FROM app_user WHERE organization_id = ? AND email = ?", rs -> true, organizationId,
                email).isEmpty();
    }

    Optional<Organization> organization(long id) {
        return query(ORGANIZATION + " WHERE id = ?", TenantStore::organization, id).stream().findFirst();
    }

    List<Organization> organizations() {
        return query(ORGANIZATION + " ORDER BY id", TenantStore::organization);
    }

    Optional<AppUser> user(long id) {
        return query(USER + " WHERE id = ?", TenantStore::user, id).stream().findFirst();
    }

    List<AppUser> users(long organizationId) {
        return query(USER + " WHERE organization_id = ? ORDER BY id", TenantStore::user, organizationId);
    }

    void setFailurePolicy(long organizationId, String policy) {
        query("UPDATE organization SET failure_policy = ? WHERE id = ? RETURNING id", rs -> true, policy,
                organizationId);
    }

    /** The user with this secret whose organization has that secret. */
    Optional<UserIds> platformUser(String userSecretHash, String organizationSecretHash) {
        return query("""
                SELECT u.id, u.organization_id FROM app_user u JOIN organization o ON o.id = u.organization_id
                WHERE u.secret_hash = ? AND o.secret_hash = ?""", TenantStore::userIds, userSecretHash,
                organizationSecretHash).stream().findFirst();
    }

    Optional<UserIds> user(String secretHash) {
        return query("SELECT id, organization_id FROM app_user WHERE secret_hash = ?", TenantStore::userIds,
                secretHash).stream().findFirst();
    }

    Optional<String> setting(String key) {
        return query("SELECT value FROM hub_setting WHERE key = ?", rs -> rs.getString(1), key).stream().findFirst();
    }

    /** Stores the setting unless it is set already. */
    void insertSetting(String key, String value) {
        query("INSERT INTO hub_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key",
                rs -> true, key, value);
    }

    /** Waits for a transaction-scoped advisory lock: the caller's transaction holds it until it ends. */
    void lockForTransaction(long lock) {
        query("SELECT pg_advisory_xact_lock(?)", rs -> true, lock);
    }

    private static Organization organization(ResultSet rs) throws SQLException {
        return new Organization(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant());
    }

    private static AppUser user(ResultSet rs) throws SQLException {
        return new AppUser(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant());
    }

    private static UserIds userIds(ResultSet rs) throws SQLException {
        return new UserIds(rs.getLong(1), rs.getLong(2));
    }

    /** Every statement here returns rows (writes with RETURNING), so one way to run them serves all. */
    private <T> List<T> query(String sql, Jdbc.Row<T> row, Object... parameters) {
        return Jdbc.list(dataSource, sql, Jdbc.params(parameters), row, "could not read or write tenants");
    }
}
