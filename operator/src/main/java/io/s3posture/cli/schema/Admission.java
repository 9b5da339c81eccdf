package io.s3posture.cli.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the API server would answer to creating a manifest: the stored object (defaults applied), or
 * why it refuses it: unknown fields (strict field validation) or invalid fields.
 *
 * @param version e.g. v1alpha1
 * @param resource e.g. BucketPolicy.s3posture.io, as the API server names it in messages
 * @param object the object as it would be stored; empty when refused
 */
public record Admission(
    String kind,
    String version,
    String resource,
    String name,
    Optional<ObjectNode> object,
    List<String> unknownFields,
    List<FieldError> errors) {

  public Admission {
    unknownFields = List.copyOf(unknownFields);
    errors = List.copyOf(errors);
  }

  public boolean accepted() {
    return object.isPresent();
  }

  /**
   * The API server's status message, e.g. {@code BucketPolicy.s3posture.io "x" is invalid: ...}.
   */
  public String serverMessage() {
    if (!unknownFields.isEmpty()) {
      return kind
          + " in version "
          + GoFormat.quote(version)
          + " cannot be handled as a "
          + kind
          + ": strict decoding error: "
          + unknownFields.stream()
              .map(f -> "unknown field \"" + f + "\"")
              .collect(Collectors.joining(", "));
    }
    String list =
        errors.size() == 1
            ? errors.get(0).toString()
            : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
    return resource + " " + GoFormat.quote(name) + " is invalid: " + list;
  }

  /** What kubectl prints for the same refusal: one line for one error, else one line per error. */
  public String kubectlMessage() {
    if (!unknownFields.isEmpty()) {
      return serverMessage();
    }
    String head = "The " + kind + " " + GoFormat.quote(name) + " is invalid:";
    if (errors.size() == 1) {
      return head + " " + errors.get(0);
    }
    return head + errors.stream().map(e -> "\n* " + e).collect(Collectors.joining());
  }
}
