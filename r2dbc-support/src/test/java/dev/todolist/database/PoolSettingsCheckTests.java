package dev.todolist.database;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolSettingsCheckTests {

    /** A service's configuration file, as todo-core's: each setting a placeholder of its variable. */
    private static final Map<String, Object> FILE = Map.of(
            PoolSettingsCheck.MAX_SIZE, "${R2DBC_POOL_MAX_SIZE:20}",
            PoolSettingsCheck.INITIAL_SIZE, "${R2DBC_POOL_INITIAL_SIZE:2}",
            PoolSettingsCheck.MAX_ACQUIRE_TIME, "${R2DBC_POOL_MAX_ACQUIRE_TIME:5s}");

    @Test
    void theDefaultsAndSensibleValuesPass() {
        assertThatCode(() -> check(Map.of())).doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("R2DBC_POOL_MAX_SIZE", "1", "R2DBC_POOL_INITIAL_SIZE", "0",
                "R2DBC_POOL_MAX_ACQUIRE_TIME", "250ms"))).doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("R2DBC_POOL_MAX_SIZE", "5", "R2DBC_POOL_INITIAL_SIZE", "5")))
            .doesNotThrowAnyException();
    }

    @Test
    void anEmptyPoolIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> check(Map.of("R2DBC_POOL_MAX_SIZE", "0")))
            .hasMessage("R2DBC_POOL_MAX_SIZE (spring.r2dbc.pool.max-size) must be at least 1, not '0'");
        assertThatThrownBy(() -> check(Map.of("R2DBC_POOL_MAX_SIZE", "-3")))
            .hasMessageStartingWith("R2DBC_POOL_MAX_SIZE (spring.r2dbc.pool.max-size) must be at least 1");
    }

    @Test
    void anInitialSizeOverTheMaximumIsRefused() {
        assertThatThrownBy(() -> check(Map.of("R2DBC_POOL_INITIAL_SIZE", "30")))
            .hasMessage("R2DBC_POOL_INITIAL_SIZE (spring.r2dbc.pool.initial-size) must be from 0 to 20, "
                    + "R2DBC_POOL_MAX_SIZE (spring.r2dbc.pool.max-size), not '30'");
        assertThatThrownBy(() -> check(Map.of("R2DBC_POOL_INITIAL_SIZE", "-1")))
            .hasMessageStartingWith("R2DBC_POOL_INITIAL_SIZE (spring.r2dbc.pool.initial-size) must be from 0");
    }

    @Test
    void anAcquireTimeThatIsNoWaitOrForeverIsRefused() {
        for (String time : new String[] { "0s", "0", "-1s", "500us", "", " " }) {
            assertThatThrownBy(() -> check(Map.of("R2DBC_POOL_MAX_ACQUIRE_TIME", time))).as(time)
                .hasMessageStartingWith("R2DBC_POOL_MAX_ACQUIRE_TIME (spring.r2dbc.pool.max-acquire-time) "
                        + "must be at least 1ms")
                .hasMessageEndingWith("not '" + time + "'");
        }
    }

    /** Another service spells the variable its own way (the edge's MYSQL_POOL_SIZE): the message follows it. */
    @Test
    void theVariableIsTheOneTheFileNames() {
        Map<String, Object> edge = new LinkedHashMap<>(FILE);
        edge.put(PoolSettingsCheck.MAX_SIZE, "${MYSQL_POOL_SIZE:10}");
        assertThatThrownBy(() -> check(edge, Map.of("MYSQL_POOL_SIZE", "0")))
            .hasMessage("MYSQL_POOL_SIZE (spring.r2dbc.pool.max-size) must be at least 1, not '0'");
        assertThatThrownBy(() -> check(Map.of(), Map.of(PoolSettingsCheck.MAX_SIZE, "0")))
            .hasMessage("spring.r2dbc.pool.max-size must be at least 1, not '0'");
    }

    /** Not a number at all: Boot's binding refuses it later, showing the value and where it came from. */
    @Test
    void aValueThatIsNoNumberIsLeftToTheBinding() {
        assertThatCode(() -> check(Map.of("R2DBC_POOL_MAX_SIZE", "twenty"))).doesNotThrowAnyException();
    }

    private static void check(Map<String, Object> variables) {
        check(FILE, variables);
    }

    private static void check(Map<String, Object> file, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setConversionService(new ApplicationConversionService());
        environment.getPropertySources().addFirst(new MapPropertySource("application.yaml", file));
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new PoolSettingsCheck().postProcessEnvironment(environment, new SpringApplication());
    }
}
