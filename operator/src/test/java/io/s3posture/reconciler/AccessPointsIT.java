package io.s3posture.reconciler;

import static io.s3posture.testing.AccountPolicies.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.api.v1alpha1.Finding;
import io.s3posture.api.v1alpha1.FindingState;
import io.s3posture.testing.AccountPolicies;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * Access points on moto: a BucketPolicy's noPublicAccessPoints judges the bucket's access points,
 * an AccountPolicy's every access point and multi-region access point of the account, seconds after
 * an S3 Control change event. What S3 cannot correct (an access point's Block Public Access) and
 * what the operator must not remove (policy statements it did not write) is NeedsHuman: nothing is
 * ever written. moto keeps access points account-wide, so this class holds the account's lock and
 * removes what it created.
 */
@ExtendWith(LocalStackExtension.class)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
@ResourceLock(TestLocks.EVENTBRIDGE_DEFAULT_BUS)
class AccessPointsIT {

  private static final String MALLORY = "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":user/mallory";
  private static final String PREFIX = "it-ap-";

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.inNamespace("access-points")
          .accountPolicies()
          .changeEvents(moto -> ChangeEventQueue.withRule(moto, "access-points-it"))
          .build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final ChangeEventQueue queue = running.queue();
  private final OperatorUnderTest operator = running.operator();
  private final Policies policies = running.policies();
  private final AccountPolicies accountPolicies = new AccountPolicies(stack.kubernetes());

  @AfterEach
  void removeWhatThisClassCreated() {
    S3ControlClient control = stack.s3Control();
    control.listAccessPoints(r -> r.accountId(TestStack.ACCOUNT_ID)).accessPointList().stream()
        .filter(ap -> ap.name().startsWith(PREFIX))
        .forEach(
            ap ->
                control.deleteAccessPoint(r -> r.accountId(TestStack.ACCOUNT_ID).name(ap.name())));
    control
        .listMultiRegionAccessPoints(r -> r.accountId(TestStack.ACCOUNT_ID))
        .accessPoints()
        .stream()
        .filter(mrap -> mrap.name().startsWith(PREFIX))
        .forEach(
            mrap ->
                control.deleteMultiRegionAccessPoint(
                    r ->
                        r.accountId(TestStack.ACCOUNT_ID)
                            .clientToken(UUID.randomUUID().toString())
                            .details(d -> d.name(mrap.name()))));
    accountPolicies.deleteAll();
  }

  @Test
  void anOpenAccessPointNeedsAPersonForTheBucketAndTheAccountAndNothingIsWritten() {
    String bucket = stack.seeder().bucket("ap-data");
    String privatePoint = PREFIX + "vpc-" + suffix();
    stack
        .s3Control()
        .createAccessPoint(
            r ->
                r.accountId(TestStack.ACCOUNT_ID)
                    .name(privatePoint)
                    .bucket(bucket)
                    .vpcConfiguration(v -> v.vpcId("vpc-1a2b3c4d")));
    BucketPolicy bucketPolicy =
        policies.apply(
            Policies.manifest(
                namespace,
                "access-points",
                """
                mode: Enforce
                resyncInterval: 24h
                buckets: {names: [%s]}
                controls:
                  noPublicAccessPoints: {}
                """
                    .formatted(bucket)));
    policies.awaitStatus(bucketPolicy, p -> p.getStatus().buckets().compliant() == 1);
    String account = "access-points-" + suffix();
    applyAccountPolicy(account);
    awaitAccountPolicy(account, p -> "True".equals(condition(p, "Ready").getStatus()));
    long writes = operator.awsWrites();

    // created without Block Public Access, with a policy for everyone
    String open = PREFIX + "open-" + suffix();
    stack
        .s3Control()
        .createAccessPoint(
            r ->
                r.accountId(TestStack.ACCOUNT_ID)
                    .name(open)
                    .bucket(bucket)
                    .publicAccessBlockConfiguration(
                        c ->
                            c.blockPublicAcls(false)
                                .ignorePublicAcls(false)
                                .blockPublicPolicy(false)
                                .restrictPublicBuckets(false)));
    stack
        .s3Control()
        .putAccessPointPolicy(
            r ->
                r.accountId(TestStack.ACCOUNT_ID)
                    .name(open)
                    .policy(
                        """
                        {"Version":"2012-10-17","Statement":[{"Sid":"Anyone","Effect":"Allow",\
                        "Principal":"*","Action":"s3:GetObject",\
                        "Resource":"arn:aws:s3:us-east-1:%s:accesspoint/%s/object/*"}]}"""
                            .formatted(TestStack.ACCOUNT_ID, open)));
    queue.publish(ChangeEventQueue.record("CreateAccessPoint", Optional.empty(), MALLORY));

    AccountPolicy flagged =
        awaitAccountPolicy(account, p -> "False".equals(condition(p, "Ready").getStatus()));
    assertThat(condition(flagged, "Ready").getReason()).isEqualTo("NeedsHuman");
    assertThat(flagged.getStatus().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.control()).isEqualTo("noPublicAccessPoints");
              assertThat(f.observed())
                  .contains("accessPoint[" + open + "].publicAccessBlock=on: none")
                  .contains(
                      "accessPoint["
                          + open
                          + "].policy.statement[Anyone]=Allow \"s3:GetObject\" to *")
                  .doesNotContain(privatePoint);
            });

    BucketPolicy checked = policies.checkNow(bucketPolicy);
    checked = policies.awaitStatus(checked, p -> p.getStatus().buckets().needsHuman() == 1);
    Finding finding = checked.getStatus().findings().get(0);
    assertThat(finding.bucket()).isEqualTo(bucket);
    assertThat(finding.state()).isEqualTo(FindingState.NeedsHuman);
    assertThat(finding.expected())
        .contains(
            "all four Block Public Access flags on (fixed at creation: replace the access point)");
    assertThat(operator.awsWrites()).as("nothing S3 or the operator may change").isEqualTo(writes);

    // a person replaces the access point: recovered, announced by the change event
    stack.s3Control().deleteAccessPoint(r -> r.accountId(TestStack.ACCOUNT_ID).name(open));
    queue.publish(ChangeEventQueue.record("DeleteAccessPoint", Optional.empty(), MALLORY));
    awaitAccountPolicy(account, p -> "True".equals(condition(p, "Ready").getStatus()));
    policies.delete(bucketPolicy);
  }

  @Test
  void aMultiRegionAccessPointWithoutBlockPublicAccessIsTheAccountsFinding() {
    String bucket = stack.seeder().bucket("ap-global");
    String global = PREFIX + "global-" + suffix();
    stack
        .s3Control()
        .createMultiRegionAccessPoint(
            r ->
                r.accountId(TestStack.ACCOUNT_ID)
                    .clientToken(UUID.randomUUID().toString())
                    .details(
                        d ->
                            d.name(global)
                                .regions(region -> region.bucket(bucket))
                                .publicAccessBlock(
                                    c ->
                                        c.blockPublicAcls(true)
                                            .ignorePublicAcls(true)
                                            .blockPublicPolicy(false)
                                            .restrictPublicBuckets(false))));
    String account = "global-access-points-" + suffix();
    applyAccountPolicy(account);

    AccountPolicy flagged =
        awaitAccountPolicy(account, p -> "False".equals(condition(p, "Ready").getStatus()));

    assertThat(flagged.getStatus().findings())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.observed())
                    .isEqualTo(
                        "multiRegionAccessPoint["
                            + global
                            + "].publicAccessBlock=on: BlockPublicAcls, IgnorePublicAcls (of buckets "
                            + bucket
                            + ")"));
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private void applyAccountPolicy(String name) {
    accountPolicies.apply(
        AccountPolicies.manifest(
            name, "mode: Enforce\nresyncInterval: 24h\nnoPublicAccessPoints: {}"));
  }

  private AccountPolicy awaitAccountPolicy(String name, Predicate<AccountPolicy> condition) {
    return accountPolicies.awaitStatus(name, condition);
  }
}
