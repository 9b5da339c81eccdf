package io.s3posture.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules beyond the ones our CRDs use today: typed formats, reasons, transition rules. */
class CelRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<FieldError> validate(String schema, String value) throws Exception {
    Schema parsed = Schema.parse(YAML.readTree(schema));
    JsonNode node = YAML.readTree(value);
    return new CelRules(parsed).validate(node, parsed, "spec");
  }

  @Test
  void dateTimeStringsAreTimestampsAndDurationStringsDurations() throws Exception {
    String schema =
        """
        type: object
        properties:
          expires: {type: string, format: date-time}
          every: {type: string, format: duration}
        x-kubernetes-validations:
          - rule: self.expires > timestamp('2020-01-01T00:00:00Z')
            message: expires must be after 2020
          - rule: self.every >= duration('1m')
            message: every must be at least a minute
        """;

    assertThat(validate(schema, "{expires: '2030-01-01T00:00:00Z', every: 1h30m}")).isEmpty();
    assertThat(validate(schema, "{expires: '2019-01-01T00:00:00Z', every: 30s}"))
        .map(FieldError::toString)
        .containsExactly(
            "spec: Invalid value: expires must be after 2020",
            "spec: Invalid value: every must be at least a minute");
  }

  @Test
  void reasonsFieldPathsAndTransitionRules() throws Exception {
    String schema =
        """
        type: object
        properties:
          a: {type: integer}
          b: {type: string}
        x-kubernetes-validations:
          - rule: self.a > 1
            messageExpression: "'a is ' + string(self.a) + ', needs more than 1'"
            fieldPath: .a
            reason: FieldValueForbidden
          - rule: self.a == oldSelf.a
            message: a is immutable
          - rule: has(self.b)
            reason: FieldValueRequired
            fieldPath: .b
        """;

    assertThat(validate(schema, "{a: 1}"))
        .map(FieldError::toString)
        .containsExactly(
            "spec.a: Forbidden: a is 1, needs more than 1",
            "spec.b: Required value: failed rule: has(self.b)");
  }
}
