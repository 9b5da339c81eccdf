package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * How policies behave as a whole on the real stack: conflicts, selectors, runtime failures, drift
 * only a person can fix, bounded status, deletion, and events only on change.
 */
@ExtendWith(LocalStackExtension.class)
class PolicyBehaviourIT {

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.inNamespace("behaviour").build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();

  @Test
  void twoPoliciesDemandingDifferentKeysBothReportConflictAndNeitherWrites() {
    String bucket = bucket("conflict");
    BucketPolicy first =
        policies.applyAndAwaitCheck(encryptionPolicy("conflict-a", bucket, ControlScenarios.KEY));
    BucketPolicy second =
        policies.applyAndAwaitCheck(
            encryptionPolicy("conflict-b", bucket, ControlScenarios.ROTATED_KEY));
    first = policies.checkNow(first);

    long writes = operator.awsCalls("PutBucketEncryption"::equals);
    for (int round = 0; round < 3; round++) {
      first = policies.checkNow(first);
      second = policies.checkNow(second);
    }

    assertThat(operator.awsCalls("PutBucketEncryption"::equals))
        .as("no flip-flop")
        .isEqualTo(writes);
    assertThat(ControlScenarios.Encryption.encryption(stack.s3(), bucket).kmsMasterKeyID())
        .isEqualTo(ControlScenarios.KEY);
    for (BucketPolicy policy : List.of(first, second)) {
      assertThat(ready(policy).getReason()).isEqualTo("Conflict");
      assertThat(policy.getStatus().findings())
          .singleElement()
          .satisfies(f -> assertThat(f.state()).isEqualTo(FindingState.Conflict));
    }
    assertThat(first.getStatus().findings().get(0).action()).contains(namespace + "/conflict-b");
    for (String name : List.of("conflict-a", "conflict-b")) {
      assertThat(conflictEvents(name))
          .as("%s: one Conflict event however often the unchanged conflict is checked", name)
          .hasSize(1);
    }
    policies.delete(first);
    policies.delete(second);
  }

  @Test
  void selectorGovernsMatchingBucketsAndPicksUpNewOnes() {
    String prefix = TestStack.uniqueBucketName("sel");
    String tagged = prefix + "-a";
    String untagged = prefix + "-b";
    String otherName = TestStack.uniqueBucketName("other");
    for (String b : List.of(tagged, untagged, otherName)) {
      stack.s3().createBucket(r -> r.bucket(b));
    }
    tag(tagged);
    tag(otherName);
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "selector",
                """
                buckets:
                  selector:
                    namePatterns: ["%s-*"]
                    tags: {team: payments}
                controls:
                  versioning: {}
                """
                    .formatted(prefix)));
    assertThat(policy.getStatus().buckets().governed()).isEqualTo(1);
    assertThat(versioning(tagged)).isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(versioning(untagged)).as("tag does not match").isNull();
    assertThat(versioning(otherName)).as("name does not match").isNull();

    String later = prefix + "-c";
    stack.s3().createBucket(r -> r.bucket(later));
    tag(later);
    policy = policies.checkNow(policy);
    assertThat(policy.getStatus().buckets().governed()).isEqualTo(2);
    assertThat(versioning(later)).isEqualTo(BucketVersioningStatus.ENABLED);
    policies.delete(policy);
  }

  @Test
  void missingBucketIsReportedRetriedAndRecovers() {
    String missing = TestStack.uniqueBucketName("missing");
    long pabReads = operator.awsCalls("GetPublicAccessBlock"::equals);
    long versioningReads = operator.awsCalls("GetBucketVersioning"::equals);
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "missing",
                """
                buckets: {names: [%s]}
                controls:
                  versioning: {}
                  publicAccessBlock: {}
                """
                    .formatted(missing)));

    assertThat(synced(policy).getStatus()).as("the check itself ran").isEqualTo("True");
    assertThat(ready(policy).getReason()).isEqualTo("ChecksFailed");
    assertThat(policy.getStatus().buckets().failed()).isEqualTo(1);
    assertThat(policy.getStatus().findings())
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.reason()).isEqualTo("NoSuchBucket"));
    assertThat(operator.awsCalls("GetPublicAccessBlock"::equals) - pabReads)
        .as("the first control finds the bucket missing")
        .isEqualTo(1);
    assertThat(operator.awsCalls("GetBucketVersioning"::equals) - versioningReads)
        .as("the bucket's other controls are not read once it is known missing")
        .isZero();
    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> events("missing", "RemediationFailed").size() >= 1);

    stack.s3().createBucket(r -> r.bucket(missing));
    policy = policies.checkNow(policy);
    assertThat(ready(policy).getReason()).isEqualTo("AllCompliant");
    await().atMost(Policies.TIMEOUT).until(() -> events("missing", "DriftCorrected").size() == 2);
    policies.delete(policy);
  }

  @Test
  void driftOnlyAPersonCanFixIsNeedsHumanAndNothingIsRemoved() {
    String bucket = bucket("human");
    String publicPolicy =
        """
        {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*",\
        "Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}"""
            .formatted(bucket);
    stack.seeder().policy(bucket, publicPolicy);
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "human",
                """
                buckets: {names: [%s]}
                controls:
                  versioning: {mfaDelete: Required}
                  noPublicPolicy: {}
                """
                    .formatted(bucket)));

    assertThat(ready(policy).getReason()).isEqualTo("NeedsHuman");
    assertThat(policy.getStatus().buckets().needsHuman()).isEqualTo(1);
    assertThat(policy.getStatus().findings())
        .extracting(Finding::control, Finding::state)
        .containsExactlyInAnyOrder(
            tuple("versioning", FindingState.NeedsHuman),
            tuple("noPublicPolicy", FindingState.NeedsHuman));
    assertThat(versioning(bucket))
        .as("the correctable part is corrected")
        .isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(ControlScenarios.read(stack.s3().getBucketPolicy(r -> r.bucket(bucket)).policy()))
        .as("statements the operator did not write are never removed")
        .isEqualTo(ControlScenarios.read(publicPolicy));
    policies.delete(policy);
  }

  @Test
  void statusStaysSmallForManyDriftedBuckets() {
    String prefix = TestStack.uniqueBucketName("many");
    IntStream.range(0, 55).forEach(i -> stack.s3().createBucket(r -> r.bucket(prefix + "-" + i)));
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "many",
                """
                mode: Audit
                buckets:
                  selector: {namePatterns: ["%s-*"]}
                controls:
                  versioning: {}
                """
                    .formatted(prefix)));
    assertThat(policy.getStatus().buckets().governed()).isEqualTo(55);
    assertThat(policy.getStatus().buckets().drifted()).isEqualTo(55);
    assertThat(policy.getStatus().findings()).hasSize(50);
    assertThat(policy.getStatus().findingsOmitted()).isEqualTo(5);
    policies.delete(policy);
  }

  @Test
  void aCheckThatChangesNothingChangesOnlyTheCheckTimeAndPublishesNoEvent() {
    String bucket = bucket("quiet");
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "quiet",
                """
                mode: Audit
                buckets: {names: [%s]}
                controls: {versioning: {}}
                """
                    .formatted(bucket)));
    await().atMost(Policies.TIMEOUT).until(() -> events("quiet", "DriftDetected").size() == 1);
    var statusBefore = policies.get(policy).getStatus();

    policies.checkNow(policy);
    var statusAfter = policies.checkNow(policy).getStatus();

    // the check time moves once per sweep (so a stopped operator can be told); nothing else does
    assertThat(statusAfter)
        .usingRecursiveComparison()
        .ignoringFields("lastCheckTime", "staleAfter")
        .isEqualTo(statusBefore);
    assertThat(statusAfter.lastCheckTime()).isNotEqualTo(statusBefore.lastCheckTime());
    assertThat(events("quiet", "DriftDetected")).hasSize(1);
    policies.delete(policy);
  }

  @Test
  void deletingAPolicyLeavesItsBucketsAsTheyAre() {
    String bucket = bucket("deleted");
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                namespace,
                "deleted",
                """
                buckets: {names: [%s]}
                controls: {versioning: {}, websiteDisabled: {}}
                """
                    .formatted(bucket)));
    assertThat(versioning(bucket)).isEqualTo(BucketVersioningStatus.ENABLED);
    long writes = operator.awsWrites();

    policies.delete(policy);
    await().atMost(Policies.TIMEOUT).until(() -> policies.get(policy) == null);

    assertThat(versioning(bucket)).as("still enabled").isEqualTo(BucketVersioningStatus.ENABLED);
    assertThat(operator.awsWrites()).as("nothing undone").isEqualTo(writes);
  }

  @Test
  void assumesTheDeclaredRoleOnceAndReusesItsCredentials() {
    String bucket = bucket("assumed");
    BucketPolicy policy =
        policies.applyAndAwaitCheck(
            Policies.manifest(
                    namespace,
                    "assumed",
                    """
                buckets: {names: [%s]}
                controls: {versioning: {}}
                """
                        .formatted(bucket))
                .replace(
                    "region: " + TestStack.REGION,
                    "region: "
                        + TestStack.REGION
                        + "\n    roleArn: arn:aws:iam::123456789012:role/s3-posture"
                        + "\n    externalId: s3-posture-test"));
    assertThat(ready(policy).getReason()).isEqualTo("AllCompliant");
    assertThat(versioning(bucket)).isEqualTo(BucketVersioningStatus.ENABLED);
    policies.checkNow(policy);
    policies.checkNow(policy);
    assertThat(operator.awsCalls("AssumeRole"::equals))
        .as("credentials cached across checks")
        .isEqualTo(1);
    policies.delete(policy);
  }

  private String bucket(String prefix) {
    return stack.seeder().bucket(prefix);
  }

  private void tag(String bucket) {
    stack.seeder().tag(bucket, "team", "payments");
  }

  private BucketVersioningStatus versioning(String bucket) {
    return stack.s3().getBucketVersioning(r -> r.bucket(bucket)).status();
  }

  private String encryptionPolicy(String name, String bucket, String key) {
    return Policies.manifest(
        namespace,
        name,
        """
        buckets: {names: [%s]}
        controls:
          encryption: {algorithm: SSE-KMS, kmsKeyArn: "%s"}
        """
            .formatted(bucket, key));
  }

  private List<Event> events(String policy, String reason) {
    return stack.kubernetes().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  private static Condition ready(BucketPolicy policy) {
    return condition(policy, "Ready");
  }

  private static Condition synced(BucketPolicy policy) {
    return condition(policy, "Synced");
  }

  private static Condition condition(BucketPolicy policy, String type) {
    return policy.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private List<Event> conflictEvents(String policy) {
    return stack.kubernetes().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Conflict".equals(e.getReason()))
        .toList();
  }
}
