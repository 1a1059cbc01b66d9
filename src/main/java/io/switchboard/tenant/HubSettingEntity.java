package io.switchboard.tenant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * TEMPORARY, read by nothing: the one JPA entity left, so that Hibernate ORM keeps its persistence unit and the
 * {@code EntityManager} that poll.PollSchedule and delivery.DeliveryCancellation still inject resolves (with no
 * entity at all Quarkus disables Hibernate ORM and the application does not start). Delete this file once those
 * two use JDBC; {@link TenantStore} is what reads and writes {@code hub_setting}.
 */
@Entity
@Table(name = "hub_setting")
class HubSettingEntity {

    @Id
    String key;

    String value;
}
