package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.aws.S3Gateway;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replication rules that must be present, matched by id. Rules with other ids are someone else's
 * and are kept as they are; the role is the policy's.
 */
public final class ReplicationControl
    implements Control<ReplicationConfig, Optional<ReplicationConfig>> {

  @Override
  public ControlName name() {
    return ControlName.REPLICATION;
  }

  @Override
  public Optional<ReplicationConfig> desired(ControlsSpec controls) {
    return Optional.ofNullable(controls.replication()).map(ReplicationControl::config);
  }

  private static ReplicationConfig config(ReplicationSpec spec) {
    return new ReplicationConfig(
        spec.role(), spec.rules().stream().map(ReplicationControl::rule).toList());
  }

  private static ReplicationConfig.Rule rule(ReplicationSpec.Rule spec) {
    return new ReplicationConfig.Rule(
        spec.id(),
        spec.priority() != null ? spec.priority() : 0,
        spec.prefix() != null ? spec.prefix() : "",
        true,
        spec.destinationBucketArn(),
        Optional.ofNullable(spec.storageClass()).map(Enum::name),
        Optional.ofNullable(spec.replicaKmsKeyArn()),
        Boolean.TRUE.equals(spec.deleteMarkerReplication()));
  }

  @Override
  public Set<ControlName> dependsOn() {
    return Set.of(ControlName.VERSIONING);
  }

  @Override
  public Optional<ReplicationConfig> observe(S3Gateway gateway, String bucket) {
    return gateway.replication(bucket);
  }

  @Override
  public Drift diff(ReplicationConfig required, Optional<ReplicationConfig> observed) {
    if (observed.isEmpty()) {
      return Drift.of(FieldDrift.put("configuration", describe(required.rules()), "none"));
    }
    List<FieldDrift> fields = new ArrayList<>();
    if (!required.role().equals(observed.get().role())) {
      fields.add(FieldDrift.put("role", required.role(), observed.get().role()));
    }
    Map<String, ReplicationConfig.Rule> existing = byId(observed.get().rules());
    for (ReplicationConfig.Rule rule : required.rules()) {
      ReplicationConfig.Rule actual = existing.get(rule.id());
      if (!rule.equals(actual)) {
        fields.add(
            FieldDrift.put(
                "rule[" + rule.id() + "]",
                describe(List.of(rule)),
                actual == null ? "missing" : describe(List.of(actual))));
      }
    }
    return new Drift(fields);
  }

  @Override
  public void remediate(
      S3Gateway gateway,
      String bucket,
      ReplicationConfig required,
      Optional<ReplicationConfig> observed) {
    Map<String, ReplicationConfig.Rule> merged =
        byId(observed.map(ReplicationConfig::rules).orElse(List.of()));
    required.rules().forEach(rule -> merged.put(rule.id(), rule));
    gateway.putReplication(
        bucket, new ReplicationConfig(required.role(), new ArrayList<>(merged.values())));
  }

  private static Map<String, ReplicationConfig.Rule> byId(List<ReplicationConfig.Rule> rules) {
    Map<String, ReplicationConfig.Rule> byId = new LinkedHashMap<>();
    rules.forEach(rule -> byId.put(rule.id(), rule));
    return byId;
  }

  private static String describe(List<ReplicationConfig.Rule> rules) {
    return rules.stream()
        .map(
            r ->
                r.id()
                    + "->"
                    + r.destinationBucketArn()
                    + (r.prefix().isEmpty() ? "" : " prefix=" + r.prefix())
                    + " priority="
                    + r.priority()
                    + (r.enabled() ? "" : " disabled")
                    + r.storageClass().map(c -> " class=" + c).orElse("")
                    + r.replicaKmsKeyId().map(k -> " replicaKey=" + k).orElse("")
                    + (r.deleteMarkerReplication() ? " deleteMarkers" : ""))
        .reduce((a, b) -> a + "; " + b)
        .orElse("none");
  }
}
