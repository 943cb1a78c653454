package dev.todolist.todo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing MYSQL_USER stops the start with a message in the contract's terms. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseSettingsFailureAnalyzerTests {

    @Test
    void startupWithoutADatabaseUserNamesMysqlUser(CapturedOutput output) {
        SpringApplication application = new SpringApplication(TodoCoreApplication.class);

        assertThatThrownBy(() -> application.run("--todo.trust.internal-token=secret", "--server.port=0",
                "--spring.r2dbc.url=r2dbc:mysql://127.0.0.1:1/none", "--spring.r2dbc.username="));

        assertThat(output).contains("The database connection has no 'user': MYSQL_USER is not set.");
    }
}
