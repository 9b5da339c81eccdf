package io.s3posture.control;

import static io.s3posture.control.ControlsSpecBuilder.controls;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.ReplicationSpec;
import io.s3posture.aws.ReplicationConfig;
import io.s3posture.aws.ReplicationConfig.Rule;
import io.s3posture.aws.VersioningState;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicationControlTest {

  private static final String BUCKET = "b";
  private static final String ROLE = "arn:aws:iam::111122223333:role/replication";
  private static final String OTHER_ROLE = "arn:aws:iam::111122223333:role/someone-else";
  private static final String REPLICA = "arn:aws:s3:::replica";
  private static final String REPLICA_KEY =
      "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private static final Rule R1 = rule("r1", 1, "", REPLICA);
  private static final Rule R2 = rule("r2", 2, "logs/", REPLICA);
  private static final Rule FOREIGN =
      Rule.of(
          "someone-elses",
          9,
          "other/",
          false,
          "arn:aws:s3:::elsewhere",
          Optional.of("GLACIER"),
          Optional.empty(),
          true);

  private final ReplicationControl control = new ReplicationControl();

  private static Rule rule(String id, int priority, String prefix, String destination) {
    return Rule.of(
        id, priority, prefix, true, destination, Optional.empty(), Optional.empty(), false);
  }

  private static ReplicationConfig config(String role, Rule... rules) {
    return new ReplicationConfig(role, List.of(rules));
  }

  @Test
  void desiredFillsTheSpecDefaults() {
    ReplicationSpec spec =
        new ReplicationSpec(
            ROLE,
            List.of(
                new ReplicationSpec.Rule("r1", null, null, REPLICA, null, null, null),
                new ReplicationSpec.Rule(
                    "r2",
                    2,
                    "logs/",
                    REPLICA,
                    ReplicationSpec.StorageClass.STANDARD_IA,
                    REPLICA_KEY,
                    true)),
            null);

    assertThat(control.desired(controls().replication(spec).build()))
        .contains(
            config(
                ROLE,
                Rule.of("r1", 0, "", true, REPLICA, Optional.empty(), Optional.empty(), false),
                Rule.of(
                    "r2",
                    2,
                    "logs/",
                    true,
                    REPLICA,
                    Optional.of("STANDARD_IA"),
                    Optional.of(REPLICA_KEY),
                    true)));
    assertThat(control.desired(controls().build())).isEmpty();
  }

  @Test
  void dependsOnVersioning() {
    assertThat(control.info().dependsOn()).containsExactly(VersioningControl.INFO.name());
  }

  static Stream<Arguments> diffs() {
    return Stream.of(
        Arguments.of("not configured", config(ROLE, R1), null, List.of("configuration:PUT")),
        Arguments.of("same", config(ROLE, R1, R2), config(ROLE, R1, R2), List.of()),
        Arguments.of("other order", config(ROLE, R1, R2), config(ROLE, R2, R1), List.of()),
        Arguments.of(
            "someone else's rule besides ours",
            config(ROLE, R1),
            config(ROLE, FOREIGN, R1),
            List.of()),
        Arguments.of("other role", config(ROLE, R1), config(OTHER_ROLE, R1), List.of("role:PUT")),
        Arguments.of(
            "rule missing", config(ROLE, R1, R2), config(ROLE, R1), List.of("rule[r2]:PUT")),
        Arguments.of(
            "only someone else's rule",
            config(ROLE, R1),
            config(ROLE, FOREIGN),
            List.of("rule[r1]:PUT")),
        Arguments.of(
            "same rule under another id",
            config(ROLE, R1),
            config(ROLE, rule("r1-old", 1, "", REPLICA)),
            List.of("rule[r1]:PUT")),
        Arguments.of(
            "rule disabled",
            config(ROLE, R1),
            config(
                ROLE,
                Rule.of("r1", 1, "", false, REPLICA, Optional.empty(), Optional.empty(), false)),
            List.of("rule[r1]:PUT")),
        Arguments.of(
            "other destination",
            config(ROLE, R1),
            config(ROLE, rule("r1", 1, "", "arn:aws:s3:::attacker")),
            List.of("rule[r1]:PUT")),
        Arguments.of(
            "other priority and prefix",
            config(ROLE, R1, R2),
            config(ROLE, R1, rule("r2", 3, "", REPLICA)),
            List.of("rule[r2]:PUT")),
        Arguments.of(
            "storage class changed",
            config(ROLE, R1),
            config(
                ROLE,
                Rule.of(
                    "r1", 1, "", true, REPLICA, Optional.of("GLACIER"), Optional.empty(), false)),
            List.of("rule[r1]:PUT")),
        Arguments.of(
            "delete markers no longer replicated",
            config(
                ROLE,
                Rule.of("r1", 1, "", true, REPLICA, Optional.empty(), Optional.empty(), true)),
            config(ROLE, R1),
            List.of("rule[r1]:PUT")),
        Arguments.of(
            "role and a rule",
            config(ROLE, R1, R2),
            config(OTHER_ROLE, R1),
            List.of("role:PUT", "rule[r2]:PUT")),
        Arguments.of(
            "someone else's rules under another role: a person decides",
            config(ROLE, R1),
            config(OTHER_ROLE, FOREIGN),
            List.of("role:NOT_REMEDIABLE", "rule[r1]:NOT_REMEDIABLE", "otherRules:NOT_REMEDIABLE")),
        Arguments.of(
            "someone else's rules beside ours under another role",
            config(ROLE, R1),
            config(OTHER_ROLE, FOREIGN, R1),
            List.of("role:NOT_REMEDIABLE", "otherRules:NOT_REMEDIABLE")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffs")
  void diff(
      String name, ReplicationConfig required, ReplicationConfig observed, List<String> drift) {
    assertThat(DriftSummary.of(control.diff(required, Optional.ofNullable(observed))))
        .isEqualTo(drift);
  }

  @Test
  void ruleDriftDescribesBothSides() {
    Drift drift =
        control.diff(config(ROLE, R2), Optional.of(config(ROLE, rule("r2", 3, "", REPLICA))));

    assertThat(drift.expected()).isEqualTo("rule[r2]=r2->" + REPLICA + " prefix=logs/ priority=2");
    assertThat(drift.observed()).isEqualTo("rule[r2]=r2->" + REPLICA + " priority=3");
  }

  @Test
  void aRoleOthersReplicateWithIsNamedAndNeverReplaced() {
    Drift drift = control.diff(config(ROLE, R1), Optional.of(config(OTHER_ROLE, FOREIGN)));

    assertThat(drift.hasRemediable()).isFalse();
    assertThat(drift.observed())
        .contains(
            "rules " + List.of(FOREIGN.id().orElseThrow()) + " replicate with role " + OTHER_ROLE);
  }

  @Test
  void remediationKeepsForeignRulesAndReplacesOursById() {
    FakeS3Gateway s3 = versionedBucket();
    Rule staleR1 = rule("r1", 1, "", "arn:aws:s3:::attacker");
    ReplicationConfig observed = config(ROLE, FOREIGN, staleR1);
    s3.bucket(BUCKET).replication(observed);

    Remediation.apply(control, s3, BUCKET, config(ROLE, R1, R2), Optional.of(observed));

    assertThat(s3.calls()).containsExactly("PutBucketReplication");
    assertThat(s3.bucket(BUCKET).replication.get()).contains(config(ROLE, FOREIGN, R1, R2));
  }

  @Test
  void remediationOfAnUnconfiguredBucketWritesTheRequiredRules() {
    FakeS3Gateway s3 = versionedBucket();

    Remediation.apply(control, s3, BUCKET, config(ROLE, R1, R2), Optional.empty());

    assertThat(s3.calls()).containsExactly("PutBucketReplication");
    assertThat(s3.bucket(BUCKET).replication.get()).contains(config(ROLE, R1, R2));
    assertThat(control.diff(config(ROLE, R1, R2), s3.bucket(BUCKET).replication.get()).isNone())
        .isTrue();
  }

  private static FakeS3Gateway versionedBucket() {
    FakeS3Gateway s3 = new FakeS3Gateway();
    s3.bucket(BUCKET).versioning(new VersioningState(VersioningState.Status.ENABLED, false));
    return s3;
  }
}
