package io.s3posture.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every CEL rule of the generated CRDs speaks to people: a static {@code message} is a sentence,
 * and a message built from the input is a {@code messageExpression}. A rule whose {@code message}
 * is CEL source is shown verbatim by the API server (the user would read {@code 'not valid ...' +
 * self.filter(...)}).
 */
class CrdValidationMessagesTest {

  /** What CEL source looks like and a sentence does not. */
  private static final Pattern CEL_SOURCE =
      Pattern.compile("\\bself\\b|'\\s*\\+|\\+\\s*'|\\.(filter|all|exists|map|join)\\(");

  @Test
  void noStaticMessageIsAnExpression() {
    List<String> offending = new ArrayList<>();
    for (Map.Entry<String, String> crd : CrdGenerator.generate().entrySet()) {
      CustomResourceDefinition definition =
          Serialization.unmarshal(crd.getValue(), CustomResourceDefinition.class);
      definition
          .getSpec()
          .getVersions()
          .forEach(v -> collect(crd.getKey(), v.getSchema().getOpenAPIV3Schema(), offending));
    }
    assertThat(offending).as("rules whose message is CEL source").isEmpty();
  }

  @Test
  void everyRuleHasAMessage() {
    List<String> silent = new ArrayList<>();
    for (Map.Entry<String, String> crd : CrdGenerator.generate().entrySet()) {
      CustomResourceDefinition definition =
          Serialization.unmarshal(crd.getValue(), CustomResourceDefinition.class);
      definition
          .getSpec()
          .getVersions()
          .forEach(v -> rules(v.getSchema().getOpenAPIV3Schema(), silent, crd.getKey()));
    }
    assertThat(silent).as("rules without message or messageExpression").isEmpty();
  }

  private static void collect(String where, JSONSchemaProps schema, List<String> offending) {
    walk(
        schema,
        rule -> {
          if (rule.getMessage() != null && CEL_SOURCE.matcher(rule.getMessage()).find()) {
            offending.add(where + ": " + rule.getRule() + " -> " + rule.getMessage());
          }
        });
  }

  private static void rules(JSONSchemaProps schema, List<String> silent, String where) {
    walk(
        schema,
        rule -> {
          if (rule.getMessage() == null && rule.getMessageExpression() == null) {
            silent.add(where + ": " + rule.getRule());
          }
        });
  }

  private static void walk(JSONSchemaProps schema, Consumer<ValidationRule> visit) {
    if (schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      schema.getXKubernetesValidations().forEach(visit);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(child -> walk(child, visit));
    }
    if (schema.getItems() != null) {
      walk(schema.getItems().getSchema(), visit);
    }
    if (schema.getAdditionalProperties() != null) {
      walk(schema.getAdditionalProperties().getSchema(), visit);
    }
  }
}
