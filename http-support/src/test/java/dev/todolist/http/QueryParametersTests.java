package dev.todolist.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTests {

    @Test
    void noQueryHasNoParameters() {
        assertThat(QueryParameters.parse(null).names()).isEmpty();
        assertThat(QueryParameters.parse("").names()).isEmpty();
        assertThat(QueryParameters.parse("&&").names()).isEmpty();
    }

    @Test
    void aNameWithoutEqualsOrValueIsAnEmptyValueNotAnAbsentOne() {
        QueryParameters query = QueryParameters.parse("completed&limit=");
        assertThat(query.value("completed")).isEmpty();
        assertThat(query.value("limit")).isEmpty();
        assertThat(query.value("offset")).isNull();
    }

    @Test
    void aPartWithoutANameIsAParameterWithAnEmptyName() {
        // Spring's reading skipped it: "?=" had no parameter, "?=limit=1" read as limit=1
        assertThat(QueryParameters.parse("=").names()).containsExactly("");
        QueryParameters query = QueryParameters.parse("=limit=1");
        assertThat(query.names()).containsExactly("");
        assertThat(query.value("")).isEqualTo("limit=1");
        assertThat(query.value("limit")).isNull();
    }

    @Test
    void aRepeatedParameterIsRefusedSayingSo() {
        for (String query : List.of("limit=1&limit=2", "limit=1&limit=1", "completed&completed=true")) {
            String name = query.substring(0, query.indexOf('&')).replaceFirst("=.*", "");
            assertThatThrownBy(() -> QueryParameters.parse(query).value(name)).isInstanceOf(ApiException.class)
                .hasMessage("validation_failed: " + name + " is given 2 times; give it once.");
        }
        assertThat(QueryParameters.parse("limit=1&offset=1&limit=2").value("offset")).isEqualTo("1");
    }

    @Test
    void namesAndValuesAreDecodedAsSpringDecodesThem() {
        QueryParameters query = QueryParameters.parse("last%5Fevent%5Fid=a%2Bb+c&t=%C3%A9");
        assertThat(query.value("last_event_id")).isEqualTo("a+b c");
        assertThat(query.value("t")).isEqualTo("é");
    }
}
