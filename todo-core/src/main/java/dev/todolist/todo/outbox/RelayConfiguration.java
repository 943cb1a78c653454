package dev.todolist.todo.outbox;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** This instance's relay, named uniquely (its leases carry the name), and the breaker's transitions in the log. */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RelayConfiguration.class);

    @Bean
    OutboxRelay outboxRelay(OutboxStore store, NotifierPublisher publisher, RelayProperties properties, Clock clock,
            EventIds ids, ObjectProvider<MeterRegistry> meters, RelayNudges nudges) {
        publisher.breaker().getEventPublisher().onStateTransition(event -> log.warn(
                "Circuit breaker {}: {}", event.getCircuitBreakerName(), event.getStateTransition()));
        String owner = "relay-" + ProcessHandle.current().pid() + "-" + ids.next().substring(0, 8);
        return new OutboxRelay(owner, store, publisher, properties, clock,
                meters.getIfAvailable(SimpleMeterRegistry::new), nudges);
    }
}
