package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every correctable control against the real API server and moto: drift corrected in Enforce,
 * reported only in Audit, out-of-band changes corrected at the next check, nothing the policy does
 * not manage touched, and the deterministic AWS call costs.
 */
@ExtendWith(LocalStackExtension.class)
class ControlEnforcementIT {

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.inNamespace("controls").build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();

  static Stream<ControlScenario> scenarios() {
    return ControlScenarios.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void enforceCorrectsDriftAndKeepsItCorrected(ControlScenario scenario) {
    String bucket = newBucket(scenario);
    scenario.seedDrift(stack, bucket);

    BucketPolicy policy = policies.apply(manifest(scenario, bucket, "Enforce"));
    policy = policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);

    assertThat(policy.getStatus().buckets().corrected()).isEqualTo(1);
    assertThat(policy.getStatus().findings()).isNull();
    scenario.assertCorrected(stack, bucket);
    assertThat(corrected(scenario)).isPositive();

    // a compliant bucket: one GET per managed control, no write
    long reads = operator.awsReads();
    long writes = operator.awsWrites();
    policies.checkNow(policy);
    assertThat(operator.awsWrites() - writes).isZero();
    assertThat(operator.awsReads() - reads).isEqualTo(scenario.managedControls());

    // someone changes the bucket behind the operator's back: corrected at the next check
    double before = corrected(scenario);
    scenario.tamper(stack, bucket);
    policies.checkNow(policy);
    await()
        .atMost(Policies.TIMEOUT)
        .untilAsserted(() -> assertThat(corrected(scenario)).isGreaterThan(before));
    scenario.assertCorrected(stack, bucket);
    policies.delete(policy);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void auditReportsDriftAndNeverWrites(ControlScenario scenario) {
    String bucket = newBucket(scenario);
    scenario.seedDrift(stack, bucket);
    long writes = operator.awsWrites();

    BucketPolicy policy = policies.apply(manifest(scenario, bucket, "Audit"));
    policy = policies.awaitStatus(policy, p -> p.getStatus().buckets().drifted() == 1);
    policies.checkNow(policy);

    assertThat(operator.awsWrites() - writes).as("writes in Audit mode").isZero();
    scenario.assertStillDrifted(stack, bucket);
    assertThat(policy.getStatus().findings())
        .anySatisfy(
            finding -> {
              assertThat(finding.bucket()).isEqualTo(bucket);
              assertThat(finding.state()).isEqualTo(FindingState.Drifted);
              assertThat(finding.expected()).isNotBlank();
              assertThat(finding.observed()).isNotBlank();
              assertThat(finding.since()).isNotBlank();
            });
    assertThat(policy.getStatus().conditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus())
                  .as("Audit: the drift is reported, as declared")
                  .isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("DriftDetected");
            });
    policies.delete(policy);
  }

  private String newBucket(ControlScenario scenario) {
    String bucket = stack.seeder().bucket(scenario.name().toLowerCase());
    return bucket;
  }

  private String manifest(ControlScenario scenario, String bucket, String mode) {
    return Policies.manifest(
        namespace,
        (scenario.name() + "-" + mode).toLowerCase(),
        """
        mode: %s
        buckets:
          names: [%s]
        controls:
        %s
        """
            .formatted(mode, bucket, scenario.controls(bucket).indent(2)));
  }

  private double corrected(ControlScenario scenario) {
    return operator.counter(
        PostureMetrics.DRIFT_CORRECTED, "namespace", namespace, "control", scenario.name());
  }
}
