package io.s3posture.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.s3posture.api.v1alpha1.AwsSpec;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.BucketTargets;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.cli.schema.Admission;
import io.s3posture.cli.schema.CrdSchema;
import io.s3posture.control.BucketSubject;
import io.s3posture.control.ControlCatalog;
import io.s3posture.control.ManagedControl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BucketPolicy manifest read from a file exactly as the operator would see it: validated and
 * defaulted against the CRD bundled in the jar, so that the API server and the audit accept the
 * same manifests, with the same messages, and fill in the same defaults ({@code publicAccessBlock:
 * {}} is all four flags). Its controls are the posture (always audited, whatever its mode says),
 * its buckets and spec.aws the defaults of the command line.
 *
 * @param lines the line of each key, by JSON pointer (e.g. /spec/controls/encryption)
 */
public record PolicyFile(Path path, BucketPolicy policy, Map<String, Integer> lines) {

  private static final CrdSchema SCHEMA = CrdSchema.of(BucketPolicy.class);

  public PolicyFile {
    lines = Map.copyOf(lines);
  }

  /** Reads and checks the file; a file the API server would refuse is a usage error. */
  public static PolicyFile load(Path path) {
    String yaml = InputFile.read(path, "policy file");
    YamlDocument document = YamlDocument.parse(path, yaml);
    JsonNode raw = document.root();
    if (!SCHEMA.kind().equals(raw.path("kind").asText())) {
      throw new UsageException(path + " is not a BucketPolicy manifest (kind: BucketPolicy)");
    }
    if (!SCHEMA.apiVersion().equals(raw.path("apiVersion").asText())) {
      throw new UsageException(
          path
              + ": no matches for kind \"BucketPolicy\" in version \""
              + raw.path("apiVersion").asText()
              + "\" (use apiVersion: "
              + SCHEMA.apiVersion()
              + ")");
    }
    Admission admission = SCHEMA.admit(raw);
    if (!admission.accepted()) {
      throw new UsageException(path + ": " + admission.kubectlMessage());
    }
    BucketPolicy policy =
        Serialization.jsonMapper().convertValue(admission.object().get(), BucketPolicy.class);
    return new PolicyFile(path, policy, document.lines());
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
    return new Posture("BucketPolicy " + name, controls(catalog), List.of(), FailOn.LOW);
  }

  /** The line of spec.controls.&lt;control&gt; in the file, else of spec.controls, else 1. */
  public int lineOf(String control) {
    return Optional.ofNullable(lines.get("/spec/controls/" + control))
        .or(() -> Optional.ofNullable(lines.get("/spec/controls")))
        .orElse(1);
  }

  public Optional<BucketTargets> buckets() {
    return Optional.ofNullable(policy.getSpec().buckets());
  }

  public AwsSpec aws() {
    return policy.getSpec().aws();
  }
}
