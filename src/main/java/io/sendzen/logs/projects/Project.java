package io.sendzen.logs.projects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    public boolean enabled = true;

    @Column(name = "retention_days")
    public Integer retentionDays;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt = OffsetDateTime.now();

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
