package io.sendzen.logs.projects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

@Entity
@Table(name = "phone_number")
public class PhoneNumber extends PanacheEntityBase {

    @Id
    @Column(name = "phone_number_id")
    public String phoneNumberId;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "waba_id")
    public String wabaId;

    @Column(name = "display_phone_number")
    public String displayPhoneNumber;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();
}
