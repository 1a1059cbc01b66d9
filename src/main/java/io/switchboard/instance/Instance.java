package io.switchboard.instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An element plus one tenant's configuration; the configuration rows are {@link InstanceConfig}. */
@Entity
@Table(name = "instance")
public class Instance extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "organization_id")
    public Long organizationId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "element_key")
    public String elementKey;

    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> tags = new ArrayList<>();

    @Column(name = "token_hash")
    public String tokenHash;

    /** The token sealed with the secrets key, so that the owner can read it again. */
    @Column(name = "token_sealed")
    public String tokenSealed;

    public boolean disabled;

    public boolean deleted;

    /** Read only here: the poll package owns the schedule and writes it in SQL (see V4__polling.sql). */
    @Column(name = "next_poll_at", insertable = false, updatable = false)
    public Instant nextPollAt;

    /** Read only here, like {@link #nextPollAt}. */
    @Column(name = "poll_watermark", insertable = false, updatable = false)
    public Instant pollWatermark;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
