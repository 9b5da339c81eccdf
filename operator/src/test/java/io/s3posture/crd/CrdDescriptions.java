package io.s3posture.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Descriptions the CRD generator leaves out, so that {@code kubectl explain} has one for every
 * field: the kind itself, {@code spec} and {@code status} (from their types' {@link
 * JsonClassDescription}), and the fields of status conditions (fabric8's {@code Condition} carries
 * none; these say what Kubernetes' own Condition type says of them).
 */
final class CrdDescriptions {

  static final Map<String, String> CONDITION_FIELDS =
      Map.of(
          "type", "The condition's type, in CamelCase (the conditions field lists them).",
          "status", "True, False or Unknown.",
          "reason",
              "Why the condition has its status: a CamelCase code, stable for automation (the"
                  + " README lists them).",
          "message", "Why the condition has its status, for people.",
          "lastTransitionTime", "When the status last changed (RFC 3339).",
          "observedGeneration", "The metadata.generation the condition was set for.");

  private CrdDescriptions() {}

  /** Fills the descriptions in, in place, for the custom resource class {@code type}. */
  static void apply(JSONSchemaProps root, Class<?> type) {
    root.setDescription(classDescription(type));
    Type[] specAndStatus =
        ((ParameterizedType) type.getGenericSuperclass()).getActualTypeArguments();
    describe(root.getProperties().get("spec"), (Class<?>) specAndStatus[0]);
    JSONSchemaProps status = root.getProperties().get("status");
    describe(status, (Class<?>) specAndStatus[1]);
    JSONSchemaProps conditions = status.getProperties().get("conditions");
    if (conditions != null) {
      conditions
          .getItems()
          .getSchema()
          .getProperties()
          .forEach(
              (name, field) -> {
                if (field.getDescription() == null && CONDITION_FIELDS.containsKey(name)) {
                  field.setDescription(CONDITION_FIELDS.get(name));
                }
              });
    }
  }

  private static void describe(JSONSchemaProps field, Class<?> type) {
    if (field != null && field.getDescription() == null) {
      field.setDescription(classDescription(type));
    }
  }

  private static String classDescription(Class<?> type) {
    JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
    if (description == null) {
      throw new IllegalStateException(
          type.getName() + " needs @JsonClassDescription: kubectl explain shows it");
    }
    return description.value();
  }
}
