package io.s3posture.control;

import io.s3posture.api.v1alpha1.ControlsSpec;
import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.aws.ReplicationConfig.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replication rules that must be present, matched by id. The policy owns the role and, of its own
 * rules, only the fields it declares (filter prefix, priority, status, destination bucket, storage
 * class, replica key, delete markers): anything else on those rules (replication time control,
 * metrics, owner translation, ...) and every rule with another id are written back exactly as read.
 */
public final class ReplicationControl
    implements BucketControl<ReplicationConfig, Optional<ReplicationConfig>> {

  public static final ControlInfo INFO =
      ControlInfo.of("replication", "PutBucketReplication", "DeleteBucketReplication")
          .dependingOn(VersioningControl.INFO.name())
          .audited(
              CheckInfo.of(
                      "replication",
                      Severity.LOW,
                      "Replication configured",
                      "Replication keeps a copy of new objects in another bucket.")
                  .mappedTo(FrameworkMapping.securityHub("S3.7"))
                  .mitigates(
                      AttackTechnique.DATA_DESTRUCTION,
                      AttackTechnique.DATA_ENCRYPTED_FOR_IMPACT,
                      AttackTechnique.INHIBIT_SYSTEM_RECOVERY));

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  public Optional<Declared<ReplicationConfig>> declared(ControlsSpec controls) {
    return Optional.ofNullable(controls.replication())
        .map(spec -> Declared.of(config(spec), spec.mode()));
  }

  private static ReplicationConfig config(ReplicationSpec spec) {
    return new ReplicationConfig(
        spec.role(), spec.rules().stream().map(ReplicationControl::rule).toList());
  }

  private static Rule rule(ReplicationSpec.Rule spec) {
    return Rule.of(
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
  public Optional<ReplicationConfig> observe(BucketSubject subject) {
    return subject.s3().replication(subject.bucket());
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
    for (Rule rule : required.rules()) {
      Optional<Rule> actual = byId(observed.get().rules(), rule.id());
      if (actual.isEmpty() || !ManagedFields.of(rule).equals(ManagedFields.of(actual.get()))) {
        fields.add(
            FieldDrift.put(
                "rule[" + rule.id().orElse("") + "]",
                describe(List.of(rule)),
                actual.map(a -> describe(List.of(a))).orElse("missing")));
      }
    }
    if (!required.role().equals(observed.get().role())
        && hasForeignRule(required, observed.get())) {
      // one configuration has one role for all its rules: giving others' rules this policy's
      // role would silently break their replication (or grant their data to our role)
      return forAPerson(
          fields,
          FieldDrift.notRemediable(
              "otherRules",
              "the rules of others replicate with role " + required.role(),
              "rules "
                  + foreignIds(required, observed.get())
                  + " replicate with role "
                  + observed.get().role()
                  + ": agree on one role with their owners"));
    }
    if (!fields.isEmpty() && hasForeignLegacyRule(required, observed.get())) {
      // S3 refuses a configuration that mixes V1 (top-level prefix) and V2 (filter) rules, and
      // rewriting someone else's V1 rule as V2 would change what it replicates: a person decides.
      return forAPerson(
          fields,
          FieldDrift.notRemediable(
              "legacyRules",
              "no V1 (top-level prefix) rules of others beside this policy's V2 rules",
              "V1 rules present: migrate them to a Filter by hand"));
    }
    return new Drift(fields);
  }

  /** The drift, none of it for the operator to write, and why. */
  private static Drift forAPerson(List<FieldDrift> fields, FieldDrift why) {
    List<FieldDrift> human = new ArrayList<>();
    fields.forEach(f -> human.add(FieldDrift.notRemediable(f.field(), f.expected(), f.observed())));
    human.add(why);
    return new Drift(human);
  }

  private static boolean hasForeignRule(ReplicationConfig required, ReplicationConfig observed) {
    return !foreignIds(required, observed).isEmpty();
  }

  /** The rules of the bucket this policy does not declare, by id. */
  private static List<String> foreignIds(ReplicationConfig required, ReplicationConfig observed) {
    return observed.rules().stream()
        .filter(rule -> byId(required.rules(), rule.id()).isEmpty())
        .map(rule -> rule.id().orElse("(no id)"))
        .toList();
  }

  @Override
  public List<Write<BucketSubject>> plan(
      BucketSubject subject, ReplicationConfig required, Optional<ReplicationConfig> observed) {
    List<Rule> existing = observed.map(ReplicationConfig::rules).orElse(List.of());
    List<Rule> merged = new ArrayList<>();
    for (Rule rule : existing) {
      merged.add(
          byId(required.rules(), rule.id())
              .map(declared -> ManagedFields.of(declared).appliedTo(rule))
              .orElse(rule));
    }
    for (Rule declared : required.rules()) {
      if (byId(existing, declared.id()).isEmpty()) {
        merged.add(declared);
      }
    }
    ReplicationConfig wanted = new ReplicationConfig(required.role(), merged);
    return List.of(
        Write.of(
            "PutBucketReplication",
            "replication with role "
                + required.role()
                + ": "
                + describe(required.rules())
                + (merged.size() > required.rules().size()
                    ? " (" + (merged.size() - required.rules().size()) + " other rules kept)"
                    : ""),
            s -> s.s3().putReplication(s.bucket(), wanted)));
  }

  /**
   * Two policies' rules hold together when they name the same role and agree on every rule they
   * both declare (by id), with distinct priorities otherwise.
   */
  @Override
  public Optional<ReplicationConfig> combine(ReplicationConfig a, ReplicationConfig b) {
    if (!a.role().equals(b.role())) {
      return Optional.empty();
    }
    List<Rule> rules = new ArrayList<>(a.rules());
    for (Rule rule : b.rules()) {
      Optional<Rule> same = byId(a.rules(), rule.id());
      if (same.isPresent()) {
        if (!ManagedFields.of(same.get()).equals(ManagedFields.of(rule))) {
          return Optional.empty();
        }
      } else if (a.rules().stream().anyMatch(r -> r.priority().equals(rule.priority()))) {
        return Optional.empty();
      } else {
        rules.add(rule);
      }
    }
    return Optional.of(new ReplicationConfig(a.role(), rules));
  }

  private static boolean hasForeignLegacyRule(
      ReplicationConfig required, ReplicationConfig observed) {
    return observed != null
        && observed.rules().stream()
            .anyMatch(rule -> rule.isLegacy() && byId(required.rules(), rule.id()).isEmpty());
  }

  private static Optional<Rule> byId(List<Rule> rules, Optional<String> id) {
    return id.flatMap(
        wanted -> rules.stream().filter(r -> r.id().equals(Optional.of(wanted))).findFirst());
  }

  /** The fields of a rule a policy declares, compared and written; everything else is kept. */
  private record ManagedFields(
      Optional<Integer> priority,
      ReplicationConfig.Filter filter,
      boolean enabled,
      String destinationBucketArn,
      Optional<String> storageClass,
      Optional<String> replicaKmsKeyId,
      boolean deleteMarkers) {

    static ManagedFields of(Rule rule) {
      return new ManagedFields(
          rule.priority(),
          rule.filter(),
          rule.enabled(),
          rule.destination().bucketArn(),
          rule.destination().storageClass(),
          rule.destination().replicaKmsKeyId(),
          rule.replicatesDeleteMarkers());
    }

    Rule appliedTo(Rule existing) {
      ReplicationConfig.Destination d = existing.destination();
      return new Rule(
          existing.id(),
          priority,
          filter,
          enabled,
          new ReplicationConfig.Destination(
              destinationBucketArn,
              d.account(),
              storageClass,
              d.ownerOverride(),
              replicaKmsKeyId,
              d.replicationTime(),
              d.metrics()),
          // S3 pairs a replica key with SSE-KMS objects selected, and refuses either alone
          replicaKmsKeyId.isPresent()
              ? Optional.of(ReplicationConfig.ENABLED)
              : existing.sseKmsEncryptedObjects().filter(s -> !ReplicationConfig.ENABLED.equals(s)),
          existing.replicaModifications(),
          existing.existingObjectReplication(),
          Optional.of(deleteMarkers ? ReplicationConfig.ENABLED : ReplicationConfig.DISABLED));
    }
  }

  private static String describe(List<Rule> rules) {
    return rules.stream()
        .map(
            r ->
                r.id().orElse("(no id)")
                    + "->"
                    + r.destination().bucketArn()
                    + filter(r.filter())
                    + r.priority().map(p -> " priority=" + p).orElse("")
                    + (r.enabled() ? "" : " disabled")
                    + r.destination().storageClass().map(c -> " class=" + c).orElse("")
                    + r.destination().replicaKmsKeyId().map(k -> " replicaKey=" + k).orElse("")
                    + (r.replicatesDeleteMarkers() ? " deleteMarkers" : ""))
        .reduce((a, b) -> a + "; " + b)
        .orElse("none");
  }

  private static String filter(ReplicationConfig.Filter filter) {
    if (filter instanceof ReplicationConfig.Filter.Prefix p) {
      return p.prefix().isEmpty() ? "" : " prefix=" + p.prefix();
    }
    if (filter instanceof ReplicationConfig.Filter.LegacyPrefix p) {
      return " legacyPrefix=" + p.prefix();
    }
    return Objects.toString(filter).isEmpty() ? "" : " filter=" + filter;
  }
}
