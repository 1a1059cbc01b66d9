package io.switchboard.instance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One configuration key of an instance. Its id is the API's configurationId. A secret value is stored sealed
 * (see {@link io.switchboard.store.SecretBox}); a null value means unset, so the element's default applies.
 */
@Entity
@Table(name = "instance_config")
public class InstanceConfig extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "instance_id")
    public Long instanceId;

    public String key;

    public String value;

    public boolean secret;
}
