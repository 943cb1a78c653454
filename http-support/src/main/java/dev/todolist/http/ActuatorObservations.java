package dev.todolist.http;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Requests to Actuator (Prometheus's scrapes, the probes) are neither timed nor traced: every service answers them
 * every few seconds, and they would drown the traces of real requests in Zipkin. Applies to every service with this
 * module on its class path (the notifier included), on both ports.
 */
@AutoConfiguration
@ConditionalOnClass(ObservationPredicate.class)
public class ActuatorObservations {

    static final String ACTUATOR = "/actuator";

    @Bean
    ObservationPredicate noActuatorObservations() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getPath().value().startsWith(ACTUATOR));
    }
}
