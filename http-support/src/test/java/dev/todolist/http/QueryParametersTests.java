package dev.todolist.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
    void repeatedValuesAreJoinedSoThatAValidationRefusesThem() {
        assertThat(QueryParameters.parse("limit=1&limit=2").value("limit")).isEqualTo("1,2");
    }

    @Test
    void namesAndValuesAreDecodedAsSpringDecodesThem() {
        QueryParameters query = QueryParameters.parse("last%5Fevent%5Fid=a%2Bb+c&t=%C3%A9");
        assertThat(query.value("last_event_id")).isEqualTo("a+b c");
        assertThat(query.value("t")).isEqualTo("é");
    }
}
