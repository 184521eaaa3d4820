package dev.portcullis.directory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class OrganisationStore {

    private final JdbcClient jdbc;

    OrganisationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Organisation> findById(long id) {
        return jdbc.sql("SELECT id, code, name, status FROM organisation WHERE id = :id")
                .param("id", id).query(Organisation.class).optional();
    }

    Optional<Organisation> findByCode(String code) {
        return jdbc.sql("SELECT id, code, name, status FROM organisation WHERE code = :code")
                .param("code", code).query(Organisation.class).optional();
    }

    List<Organisation> findAll() {
        return jdbc.sql("SELECT id, code, name, status FROM organisation ORDER BY name")
                .query(Organisation.class).list();
    }

    long insert(String code, String name, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO organisation (code, name, status, created_at) VALUES (:code, :name, 'active', :now)")
                .param("code", code).param("name", name).param("now", Timestamp.from(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }
}
