package dev.portcullis.shared;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.zaxxer.hikari.HikariDataSource;

import dev.portcullis.directory.OrganisationService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool replaces its connections all the time (idle timeout, maximum lifetime), including
 * the one that ran the migrations. Writes must go on working after that: H2 2.4.240 broke them
 * for every table with a {@code CHECK (column IN (...))} constraint, which is why the build pins
 * H2 2.3.232.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class JdbcConnectionRecyclingTests {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private OrganisationService organisations;

    @Test
    void writesWorkAfterEveryConnectionThatRanTheMigrationsIsReplaced() throws Exception {
        HikariDataSource pool = (HikariDataSource) this.dataSource;
        // Idle connections are closed at once, on the pool's own closing thread: give it a moment.
        pool.getHikariPoolMXBean().softEvictConnections();
        Thread.sleep(500);

        // organisation.status has CHECK (status IN ('active', 'closed')).
        long id = this.organisations.findOrCreate("RCY01", "Recycled Connections Trust").id();

        assertThat(this.organisations.findByCode("RCY01")).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(id));
    }
}
