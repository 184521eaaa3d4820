package dev.portcullis.monitoring;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters for {@code /actuator/prometheus}: sign-in attempts by outcome, the methods that
 * completed sign-ins, risk signals detected and the monitoring emails queued.
 */
@Component
class MonitoringMetrics {

    private final MeterRegistry registry;

    MonitoringMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(String outcome) {
        Counter.builder("portcullis.signin.attempts").description("Sign-in attempts by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    void method(String method) {
        Counter.builder("portcullis.signin.methods").description("Completed sign-ins by the method that finished them")
                .tag("method", method).register(registry).increment();
    }

    void detection(String signal) {
        Counter.builder("portcullis.signin.risk.detections").description("Risk signals that fired on sign-in attempts")
                .tag("signal", signal).register(registry).increment();
    }

    void message(String kind) {
        Counter.builder("portcullis.signin.messages").description("Sign-in monitoring emails queued")
                .tag("kind", kind).register(registry).increment();
    }
}
