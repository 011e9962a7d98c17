package io.sendzen.logs.projects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A WhatsApp Business Account: routes the account-level events that carry no phone number. */
@Entity
@Table(name = "waba")
public class Waba extends PanacheEntityBase {

    @Id
    @Column(name = "waba_id")
    public String wabaId;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();
}
