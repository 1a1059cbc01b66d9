package io.switchboard.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import io.switchboard.instance.Instances.InstanceDeleted;

/** A deleted instance's deliveries that have not gone out are CANCELLED, in the deleting transaction. */
@ApplicationScoped
public class DeliveryCancellation {

    private final EntityManager em;

    public DeliveryCancellation(EntityManager em) {
        this.em = em;
    }

    void onDeleted(@Observes InstanceDeleted deleted) {
        em.createNativeQuery("""
                UPDATE delivery SET status = 'CANCELLED', next_attempt_at = NULL, last_error = 'the instance was deleted'
                WHERE instance_id = ?1 AND status IN ('PENDING', 'QUEUED')""")
                .setParameter(1, deleted.instanceId()).executeUpdate();
    }
}
