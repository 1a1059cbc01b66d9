package io.switchboard.tenant;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "organization")
public class Organization extends PanacheEntityBase {

    /** What happens to a delivery whose retries are exhausted (API.md §7). */
    public enum FailurePolicy {
        retry, queue
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "failure_policy")
    public String failurePolicy = FailurePolicy.retry.name();

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
