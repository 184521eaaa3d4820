package dev.portcullis.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.portcullis.web.HttpUser.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator's load balancer and monitoring rely on: health and Prometheus metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorIntegrationTests {

    @LocalServerPort
    private int port;

    @Test
    void healthWhenDatabaseUpThenUpWithoutSigningIn() {
        Response health = new HttpUser(this.port).withHeader("Accept", "application/json").get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(health.setCookie(HttpUser.SESSION_COOKIE)).as("probes create no sessions").isEmpty();
    }

    @Test
    void healthProbesWhenAskedThenLivenessAndReadiness() {
        HttpUser probe = new HttpUser(this.port).withHeader("Accept", "application/json");

        assertThat(probe.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(probe.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void prometheusWhenScrapedThenMetricsInTextFormat() {
        Response metrics = new HttpUser(this.port).withHeader("Accept", "text/plain").get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void otherActuatorEndpointsWhenAskedThenNotExposed() {
        HttpUser user = new HttpUser(this.port).withHeader("Accept", "application/json");

        for (String path : new String[] {"/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/configprops"}) {
            Response response = user.get(path);
            assertThat(response.status()).as(path).isIn(302, 401, 403, 404);
            assertThat(response.body()).as(path).doesNotContain("spring.datasource");
        }
    }
}
