package io.s3posture.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.s3posture.api.v1alpha1.AwsSpec;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketPolicySpec;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ManagedControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A BucketPolicy manifest read from a file: its controls are the posture (always audited, whatever
 * its mode says), its buckets and spec.aws the defaults of the command line.
 */
public record PolicyFile(Path path, BucketPolicy policy) {

  /** Reads and checks the file; a file the audit cannot use is a usage error. */
  public static PolicyFile load(Path path) {
    String yaml;
    try {
      yaml = Files.readString(path);
    } catch (IOException e) {
      throw new UsageException("cannot read the policy file " + path + ": " + e.getMessage());
    }
    JsonNode raw;
    try {
      raw = Serialization.yamlMapper().readTree(yaml);
    } catch (IOException | RuntimeException e) {
      throw new UsageException(path + " is not YAML: " + e.getMessage());
    }
    if (raw == null || !"BucketPolicy".equals(raw.path("kind").asText())) {
      throw new UsageException(path + " is not a BucketPolicy manifest (kind: BucketPolicy)");
    }
    BucketPolicy policy;
    try {
      policy = Serialization.unmarshal(yaml, BucketPolicy.class);
    } catch (RuntimeException e) {
      throw new UsageException(path + ": " + invalid(e));
    }
    BucketPolicySpec spec = policy.getSpec();
    if (spec == null || spec.controls() == null) {
      throw new UsageException(path + ": spec.controls is missing");
    }
    if (spec.aws() == null || spec.aws().region() == null) {
      throw new UsageException(path + ": spec.aws.region is missing");
    }
    PolicyFile file = new PolicyFile(path, policy);
    if (file.controls(ControlCatalog.standard()).isEmpty()) {
      throw new UsageException(path + ": spec.controls names no control");
    }
    return file;
  }

  /**
   * What is wrong, by field: a misspelt control must not pass as "not managed", so unknown fields
   * are errors (the model's mapper refuses them).
   */
  private static String invalid(RuntimeException error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        String field =
            mapping.getPath().stream()
                .map(
                    r ->
                        r.getFieldName() != null
                            ? "." + r.getFieldName()
                            : "[" + r.getIndex() + "]")
                .collect(Collectors.joining())
                .substring(1);
        return cause instanceof UnrecognizedPropertyException
            ? "unknown field " + field
            : "invalid " + field + ": " + mapping.getOriginalMessage();
      }
    }
    return "not a valid BucketPolicy: " + error.getMessage();
  }

  private List<ManagedControl<BucketSubject, ?, ?>> controls(ControlCatalog catalog) {
    return catalog.managedBy(policy.getSpec().controls(), Mode.Audit);
  }

  /** The policy's controls, audited; a policy is a declared posture, so any failure counts. */
  public Posture posture(ControlCatalog catalog) {
    String name =
        Optional.ofNullable(policy.getMetadata())
            .filter(metadata -> metadata.getName() != null)
            .map(
                metadata ->
                    Optional.ofNullable(metadata.getNamespace()).map(ns -> ns + "/").orElse("")
                        + metadata.getName())
            .orElse(path.getFileName().toString());
    return new Posture("BucketPolicy " + name, controls(catalog), Optional.empty(), FailOn.LOW);
  }

  public Optional<BucketTargets> buckets() {
    return Optional.ofNullable(policy.getSpec().buckets());
  }

  public AwsSpec aws() {
    return policy.getSpec().aws();
  }
}
