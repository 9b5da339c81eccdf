package io.s3posture.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.ManagementEndpoint;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.Scrape;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.VersioningPolicies;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Scrapes /metrics over HTTP from the operator's real management server while the operator works
 * against the real API server and moto, and checks that gauges and counters move as drift is
 * injected, reported, corrected and as checks fail. A second operator runs with the bucket label
 * turned off (S3POSTURE_METRICS_BUCKET_LABEL=false).
 */
@ExtendWith(LocalStackExtension.class)
class MetricsIT {

  private static final String CONTROL_STATE = "s3posture_bucket_control_state";
  private static final String POLICY_BUCKETS = "s3posture_policy_buckets";
  private static final String DRIFT_SINCE = "s3posture_bucket_drift_since_timestamp_seconds";
  private static final String DETECTED = "s3posture_drift_detected_total";
  private static final String CORRECTED = "s3posture_drift_corrected_total";
  private static final String FAILURES = "s3posture_remediation_failures_total";
  private static final String CHECK_FAILURES = "s3posture_check_failures_total";
  private static final String AWS_CALLS = "s3posture_aws_api_calls_total";
  private static final String LAST_CHECK = "s3posture_last_successful_check_timestamp_seconds";
  private static final String RESYNC = "s3posture_resync_interval_seconds";
  private static final String TIME_TO_CORRECT = "s3posture_drift_time_to_correct_seconds_count";

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.inNamespace("metrics").managementEndpoint().build();

  @RegisterExtension
  static final OperatorExtension runningUnlabelled =
      OperatorExtension.inNamespace("metrics-nobucket")
          .withoutBucketLabel()
          .managementEndpoint()
          .build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final ManagementEndpoint endpoint = running.endpoint();
  private final Policies policies = running.policies();

  private final String unlabelledNamespace = runningUnlabelled.namespace();
  private final ManagementEndpoint unlabelledEndpoint = runningUnlabelled.endpoint();
  private final Policies unlabelledPolicies = runningUnlabelled.policies();

  @Test
  void probesAndMetricsAnswerWhileTheOperatorRuns() {
    await()
        .atMost(Policies.TIMEOUT)
        .untilAsserted(() -> assertThat(endpoint.get("/readyz").statusCode()).isEqualTo(200));
    assertThat(endpoint.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(endpoint.get("/healthz").body()).isEqualTo("ok\n");
    assertThat(endpoint.scrape().text()).contains("# TYPE ");
  }

  @Test
  void auditDriftShowsUntilEnforceCorrectsIt() {
    String bucket = stack.seeder().bucket("metrics-drift");
    String policyName = "drift";

    // Audit: the drift is reported, counted once, and dated
    BucketPolicy policy =
        policies.apply(VersioningPolicies.of(namespace, policyName, "Audit", List.of(bucket)));
    policy = policies.awaitStatus(policy, p -> p.getStatus().buckets().drifted() == 1);
    Scrape audit = scrapeUntil(endpoint, s -> s.sum(DETECTED, labels(policyName)) == 1);
    assertThat(audit.value(POLICY_BUCKETS, labels(policyName, "state", "drifted"))).hasValue(1);
    assertThat(audit.value(POLICY_BUCKETS, labels(policyName, "state", "compliant"))).hasValue(0);
    assertThat(versioningState(audit, policyName, bucket, "drifted")).isPresent();
    assertThat(
            audit.value(
                CONTROL_STATE, labels(policyName, "control", "versioning", "state", "drifted")))
        .as("counted per policy, control and state")
        .hasValue(1);
    Finding finding = policy.getStatus().findings().get(0);
    assertThat(
            audit.value(DRIFT_SINCE, labels(policyName, "bucket", bucket, "control", "versioning")))
        .as("drift since = the finding's since")
        .hasValue(Instant.parse(finding.since()).getEpochSecond());
    assertThat(
            audit.value(
                RESYNC, "kind", "BucketPolicy", "namespace", namespace, "policy", policyName))
        .hasValue(3600);
    double firstCheck =
        audit
            .value(LAST_CHECK, "kind", "BucketPolicy", "namespace", namespace, "policy", policyName)
            .orElseThrow();
    assertThat(audit.sum(CORRECTED, labels(policyName))).isZero();

    // a re-check of unchanged drift counts nothing new; the freshness gauge moves on
    double reads = versioningReads(audit, "success");
    policies.checkNow(policy);
    Scrape again = endpoint.scrape();
    assertThat(again.sum(DETECTED, labels(policyName)))
        .as("same drift, not counted again")
        .isEqualTo(1);
    assertThat(versioningReads(again, "success") - reads)
        .as("one GetBucketVersioning")
        .isEqualTo(1);
    BucketPolicy checked = policy;
    await()
        .atMost(Policies.TIMEOUT)
        .untilAsserted(
            () -> {
              policies.checkNow(checked);
              assertThat(
                      endpoint
                          .scrape()
                          .value(
                              LAST_CHECK,
                              "kind",
                              "BucketPolicy",
                              "namespace",
                              namespace,
                              "policy",
                              policyName)
                          .orElse(0))
                  .isGreaterThan(firstCheck);
            });

    // Enforce: corrected, counted as corrected (not as a second detection), no longer dated
    policy =
        policies.apply(VersioningPolicies.of(namespace, policyName, "Enforce", List.of(bucket)));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().compliant() == 1);
    Scrape enforce = scrapeUntil(endpoint, s -> s.sum(CORRECTED, labels(policyName)) == 1);
    assertThat(enforce.sum(DETECTED, labels(policyName))).isEqualTo(1);
    assertThat(enforce.value(POLICY_BUCKETS, labels(policyName, "state", "drifted"))).hasValue(0);
    assertThat(
            enforce.sum(POLICY_BUCKETS, labels(policyName, "state", "corrected"))
                + enforce.sum(POLICY_BUCKETS, labels(policyName, "state", "compliant")))
        .isEqualTo(1);
    assertThat(enforce.value(CONTROL_STATE, labels(policyName, "state", "drifted"))).hasValue(0);
    assertThat(enforce.samples(DRIFT_SINCE, labels(policyName))).isEmpty();
    assertThat(enforce.sum(TIME_TO_CORRECT, "control", "versioning")).isPositive();
    assertThat(stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);

    // tampered with again: a new drift, detected and corrected at the next check
    stack.seeder().versioning(bucket, BucketVersioningStatus.SUSPENDED);
    policies.checkNow(policy);
    Scrape tampered = scrapeUntil(endpoint, s -> s.sum(CORRECTED, labels(policyName)) == 2);
    assertThat(tampered.sum(DETECTED, labels(policyName))).isEqualTo(2);
    assertThat(tampered.value(POLICY_BUCKETS, labels(policyName, "state", "corrected")))
        .hasValue(1);
    policies.delete(policy);
  }

  @Test
  void aMissingBucketCountsARemediationFailurePerFailedCheck() {
    String bucket = TestStack.uniqueBucketName("metrics-missing");
    String policyName = "missing";
    BucketPolicy policy =
        policies.apply(VersioningPolicies.of(namespace, policyName, "Enforce", List.of(bucket)));
    policies.awaitStatus(policy, p -> p.getStatus().buckets().failed() == 1);
    Scrape first =
        scrapeUntil(
            endpoint, s -> s.sum(FAILURES, labels(policyName, "reason", "NoSuchBucket")) == 1);
    assertThat(
            first.value(
                FAILURES, labels(policyName, "control", "versioning", "reason", "NoSuchBucket")))
        .hasValue(1);
    assertThat(first.value(POLICY_BUCKETS, labels(policyName, "state", "failed"))).hasValue(1);
    assertThat(versioningState(first, policyName, bucket, "failed")).isPresent();
    assertThat(first.samples(DRIFT_SINCE, labels(policyName, "bucket", bucket))).hasSize(1);
    assertThat(first.sum(DETECTED, labels(policyName))).as("no drift was seen").isZero();

    double notFound = versioningReads(first, "not_found");
    policies.checkNow(policy);
    Scrape second = endpoint.scrape();
    assertThat(second.sum(FAILURES, labels(policyName, "reason", "NoSuchBucket")))
        .as("still failing: counted again")
        .isEqualTo(2);
    assertThat(versioningReads(second, "not_found") - notFound).isEqualTo(1);
    policies.delete(policy);
  }

  @Test
  void aPolicyThatCannotBeCheckedCountsCheckFailuresAndHasNoFreshness() {
    String policyName = "unreachable";
    BucketPolicy policy =
        policies.apply(
            VersioningPolicies.selecting(
                namespace, policyName, "metrics-*", VersioningPolicies.UNREACHABLE_ENDPOINT));
    policies.awaitStatus(
        policy,
        p ->
            p.getStatus().conditions().stream()
                .anyMatch(c -> c.getType().equals("Synced") && c.getStatus().equals("False")));
    Scrape scrape =
        scrapeUntil(
            endpoint,
            s ->
                s.sum(
                        CHECK_FAILURES,
                        "kind",
                        "BucketPolicy",
                        "namespace",
                        namespace,
                        "policy",
                        policyName)
                    >= 1);
    assertThat(
            scrape.samples(
                CHECK_FAILURES,
                "kind",
                "BucketPolicy",
                "namespace",
                namespace,
                "policy",
                policyName))
        .allSatisfy(s -> assertThat(s.labels().get("reason")).isEqualTo("NetworkError"));
    assertThat(scrape.samples(LAST_CHECK, "namespace", namespace, "policy", policyName))
        .as("never checked successfully")
        .isEmpty();
    assertThat(scrape.sum(AWS_CALLS, "operation", "ListBuckets", "outcome", "error")).isPositive();
    policies.delete(policy);
  }

  @Test
  void withoutTheBucketLabelControlStatesCountBuckets() {
    String compliant = TestStack.uniqueBucketName("metrics-nolabel");
    String drifted1 = TestStack.uniqueBucketName("metrics-nolabel");
    String drifted2 = TestStack.uniqueBucketName("metrics-nolabel");
    for (String bucket : new String[] {compliant, drifted1, drifted2}) {
      stack.seeder().create(bucket);
    }
    stack.seeder().versioning(compliant, BucketVersioningStatus.ENABLED);
    String policyName = "fleet";
    BucketPolicy policy =
        unlabelledPolicies.apply(
            VersioningPolicies.of(
                unlabelledNamespace, policyName, "Audit", List.of(compliant, drifted1, drifted2)));
    unlabelledPolicies.awaitStatus(policy, p -> p.getStatus().buckets().drifted() == 2);
    Scrape scrape =
        scrapeUntil(
            unlabelledEndpoint,
            s ->
                s.value(
                            CONTROL_STATE,
                            "namespace",
                            unlabelledNamespace,
                            "policy",
                            policyName,
                            "state",
                            "drifted")
                        .orElse(0)
                    == 2);
    assertThat(
            scrape.value(
                CONTROL_STATE,
                "namespace",
                unlabelledNamespace,
                "policy",
                policyName,
                "control",
                "versioning",
                "state",
                "compliant"))
        .hasValue(1);
    assertThat(
            scrape.value(
                POLICY_BUCKETS,
                "namespace",
                unlabelledNamespace,
                "policy",
                policyName,
                "state",
                "drifted"))
        .hasValue(2);
    assertThat(scrape.sum(DETECTED, "namespace", unlabelledNamespace, "policy", policyName))
        .isEqualTo(2);
    assertThat(scrape.samples())
        .filteredOn(s -> s.name().startsWith("s3posture_"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("bucket"));
    assertThat(scrape.samples(DRIFT_SINCE)).as("a per-bucket series: dropped").isEmpty();
    unlabelledPolicies.delete(policy);
  }

  private String[] labels(String policy, String... more) {
    String[] all = new String[4 + more.length];
    all[0] = "namespace";
    all[1] = namespace;
    all[2] = "policy";
    all[3] = policy;
    System.arraycopy(more, 0, all, 4, more.length);
    return all;
  }

  /** The per-bucket series of a control that is not compliant: its since, labelled by state. */
  private OptionalDouble versioningState(
      Scrape scrape, String policy, String bucket, String state) {
    return scrape.value(
        DRIFT_SINCE, labels(policy, "bucket", bucket, "control", "versioning", "state", state));
  }

  private static double versioningReads(Scrape scrape, String outcome) {
    return scrape.sum(
        AWS_CALLS, "service", "S3", "operation", "GetBucketVersioning", "outcome", outcome);
  }

  private static Scrape scrapeUntil(ManagementEndpoint endpoint, Predicate<Scrape> condition) {
    return await().atMost(Policies.TIMEOUT).until(endpoint::scrape, condition);
  }
}
