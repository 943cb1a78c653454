package dev.todolist.todo;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The task service: Spring WebFlux over Spring Data R2DBC; trusts only the edge. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TodoCoreApplication {

    public static void main(String[] args) {
        SpringApplication.run(TodoCoreApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
