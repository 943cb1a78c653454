package dev.todolist.todo.outbox;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** This instance's relay, named uniquely (its leases carry the name). */
@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    @Bean
    OutboxRelay outboxRelay(OutboxStore store, NotifierPublisher publisher, RelayProperties properties, Clock clock,
            EventIds ids, ObjectProvider<MeterRegistry> meters, RelayNudges nudges) {
        String owner = "relay-" + ProcessHandle.current().pid() + "-" + ids.next().substring(0, 8);
        return new OutboxRelay(owner, store, publisher, properties, clock,
                meters.getIfAvailable(SimpleMeterRegistry::new), nudges);
    }
}
