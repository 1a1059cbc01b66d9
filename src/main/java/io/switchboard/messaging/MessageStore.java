package io.switchboard.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.f4b6a3.ulid.UlidCreator;

import io.switchboard.store.Jdbc;
import io.switchboard.store.JsonStrings;

/**
 * The {@code message} and {@code message_status} tables. Each method is one statement, so none needs a
 * transaction of its own; {@link #recordCallback} joins the ingest transaction it is called in.
 */
@ApplicationScoped
public class MessageStore {

    /** An async message claimed for a send; the claim lasts until {@code lease} after the claim. */
    public record Claimed(String id, long organizationId, long instanceId, OutboundMessage message, int attempts) {
    }


    @Inject DataSource dataSource;
    @Inject ObjectMapper mapper;

    /** Records a message Twilio took on a synchronous send; its id is Twilio's SID. */
    public void insertSent(long organizationId, long instanceId, OutboundMessage message, String sid, String status,
            Instant dateCreated) {
        update("""
                INSERT INTO message (id, organization_id, instance_id, to_number, from_number, body, media_urls,
                                     num_segments, status, twilio_sid, date_created)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                sid, organizationId, instanceId, message.to(), message.from(), message.text(), json(message.mediaUrls()),
                message.numSegments(), status, sid, Timestamp.from(dateCreated));
    }

    /** Stores an async message, due at once; returns its {@code msg_…} id. */
    public String insertAccepted(long organizationId, long instanceId, OutboundMessage message) {
        String id = "msg_" + UlidCreator.getMonotonicUlid();
        update("""
                INSERT INTO message (id, organization_id, instance_id, to_number, from_number, body, media_urls,
                                     num_segments, status, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, 'accepted', now())""",
                id, organizationId, instanceId, message.to(), message.from(), message.text(), json(message.mediaUrls()),
                message.numSegments());
        return id;
    }

    /** The instance's newest messages, newest first (for the console). */
    public List<MessageView> recent(long organizationId, long instanceId, int limit) {
        List<String> ids = Jdbc.list(dataSource,
                "SELECT id FROM message WHERE organization_id = ? AND instance_id = ? ORDER BY created_at DESC LIMIT ?",
                Jdbc.params(organizationId, instanceId, limit), rs -> rs.getString(1), "could not list messages");
        return ids.stream().map(id -> find(organizationId, instanceId, id)).flatMap(Optional::stream).toList();
    }

    /** A message of the instance by its id or its Twilio SID, with the newest status callbacks applied. */
    public Optional<MessageView> find(long organizationId, long instanceId, String id) {
        return Jdbc.first(dataSource, """
                        SELECT m.id, m.twilio_sid, m.status, m.to_number, m.from_number, m.body, m.media_urls,
                               m.num_segments, m.date_created, m.created_at, m.updated_at, m.attempts,
                               m.next_attempt_at, m.reason, m.twilio_code,
                               s.status, s.rank, s.error_code, s.updated_at
                        FROM message m
                        LEFT JOIN message_status s ON s.instance_id = m.instance_id AND s.twilio_sid = m.twilio_sid
                        WHERE m.organization_id = ? AND m.instance_id = ? AND (m.id = ? OR m.twilio_sid = ?)
                        ORDER BY m.id = ? DESC LIMIT 1""",
                Jdbc.params(organizationId, instanceId, id, id, id), this::view, "could not read a message");
    }

    /** A row of {@link #find}: the message, with the status callback applied when it ranks higher. */
    private MessageView view(ResultSet rs) throws SQLException {
        String sid = rs.getString(2);
        String status = rs.getString(3);
        Instant updated = instant(rs, 11);
        Integer errorCode = null;
        String callbackStatus = rs.getString(16);
        if (callbackStatus != null && rs.getInt(17) > MessageStatus.rowRank(status, sid != null)) {
            status = callbackStatus;
            errorCode = (Integer) rs.getObject(18);
            Instant callbackAt = instant(rs, 19);
            updated = callbackAt.isAfter(updated) ? callbackAt : updated;
        }
        boolean async = rs.getString(1).startsWith("msg_");
        Instant created = rs.getTimestamp(9) != null ? instant(rs, 9) : instant(rs, 10);
        return new MessageView(rs.getString(1), sid, status, rs.getString(4), rs.getString(5),
                rs.getString(6), strings(rs.getString(7)), rs.getInt(8), created, updated,
                async ? rs.getInt(12) : null, rs.getTimestamp(13) == null ? null : instant(rs, 13),
                rs.getString(14), (Integer) rs.getObject(15), errorCode);
    }

    /** Claims due async messages: {@code sending} until the lease ends, when another worker may take them. */
    public List<Claimed> claim(int max, Duration lease) {
        return Jdbc.list(dataSource, """
                        UPDATE message m SET status = 'sending', updated_at = now(),
                               next_attempt_at = now() + make_interval(secs => ?)
                        FROM (SELECT id FROM message WHERE next_attempt_at <= now()
                              ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                        WHERE m.id = due.id
                        RETURNING m.id, m.organization_id, m.instance_id, m.to_number, m.from_number, m.body,
                                  m.media_urls, m.attempts""", claim -> {
                    claim.setDouble(1, lease.toMillis() / 1000.0);
                    claim.setInt(2, max);
                }, rs -> new Claimed(rs.getString(1), rs.getLong(2), rs.getLong(3),
                        new OutboundMessage(rs.getString(4), rs.getString(5), rs.getString(6),
                                strings(rs.getString(7))), rs.getInt(8)), "could not claim messages");
    }

    /** Twilio took the claimed message. */
    public void recordSent(String id, String sid, String status, Instant dateCreated) {
        update("""
                UPDATE message SET status = ?, twilio_sid = ?, date_created = ?, attempts = attempts + 1,
                       next_attempt_at = NULL, reason = NULL, updated_at = now()
                WHERE id = ? AND status = 'sending'""", status, sid, Timestamp.from(dateCreated), id);
    }

    /** The attempt failed and another comes at {@code next}. */
    public void recordRetry(String id, Instant next, String reason, Integer twilioCode) {
        update("""
                UPDATE message SET status = 'accepted', attempts = attempts + 1, next_attempt_at = ?, reason = ?,
                       twilio_code = ?, updated_at = now()
                WHERE id = ? AND status = 'sending'""", Timestamp.from(next), reason, twilioCode, id);
    }

    /** The hub gave up: Twilio refused the message, or the retries ran out. */
    public void recordFailed(String id, String reason, Integer twilioCode) {
        update("""
                UPDATE message SET status = 'failed', attempts = attempts + 1, next_attempt_at = NULL, reason = ?,
                       twilio_code = ?, updated_at = now()
                WHERE id = ? AND status = 'sending'""", reason, twilioCode, id);
    }

    /**
     * A status callback: kept unless a status of a higher rank is already known for the SID. Idempotent, so a
     * repeated callback changes nothing.
     */
    public void recordCallback(long instanceId, String sid, String status, int rank, Integer errorCode) {
        update("""
                INSERT INTO message_status (instance_id, twilio_sid, status, rank, error_code)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (instance_id, twilio_sid) DO UPDATE
                SET status = EXCLUDED.status, rank = EXCLUDED.rank, error_code = EXCLUDED.error_code,
                    updated_at = now()
                WHERE message_status.rank < EXCLUDED.rank""", instanceId, sid, status, rank, errorCode);
    }

    /** Ends the pending sends of a deleted instance. */
    public int cancel(long instanceId, String reason) {
        return update("""
                UPDATE message SET status = 'failed', next_attempt_at = NULL, reason = ?, updated_at = now()
                WHERE instance_id = ? AND next_attempt_at IS NOT NULL""", reason, instanceId);
    }

    /** When the next async message is due, if any is waiting. */
    public Optional<Instant> nextDue() {
        return Jdbc.first(dataSource, "SELECT min(next_attempt_at) FROM message WHERE next_attempt_at IS NOT NULL",
                Jdbc.params(), rs -> rs.getTimestamp(1), "could not read the message queue").map(Timestamp::toInstant);
    }

    /** Removes settled messages and callback statuses last changed before {@code before}. */
    public int purge(Instant before) {
        Timestamp at = Timestamp.from(before);
        return update("DELETE FROM message WHERE next_attempt_at IS NULL AND updated_at < ?", at)
                + update("DELETE FROM message_status WHERE updated_at < ?", at);
    }

    private int update(String sql, Object... parameters) {
        return Jdbc.update(dataSource, sql, Jdbc.params(parameters), "could not write a message");
    }

    private String json(List<String> values) {
        return JsonStrings.write(mapper, values);
    }

    private List<String> strings(String json) {
        return JsonStrings.read(mapper, json);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
