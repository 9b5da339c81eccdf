package io.s3posture.reconciler;

import static io.s3posture.testing.AccountPolicies.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.testing.AccountPolicies;
import io.s3posture.testing.ChangeEventQueue;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An account-level call (S3 Control's PutPublicAccessBlock, recorded as
 * DeleteAccountPublicAccessBlock / PutAccountPublicAccessBlock) announced by a change event makes
 * the AccountPolicies of that account check again at once, although their resync is a day away.
 */
@ExtendWith(LocalStackExtension.class)
@ResourceLock(TestLocks.MOTO_ACCOUNT)
@ResourceLock(TestLocks.EVENTBRIDGE_DEFAULT_BUS)
class AccountChangeEventIT {

  private static final String MALLORY = "arn:aws:iam::" + TestStack.ACCOUNT_ID + ":user/mallory";

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.forAccountPolicies()
          .changeEvents(moto -> ChangeEventQueue.withRule(moto, "account-it"))
          .build();

  @Test
  void removingTheAccountsBlockIsReportedSecondsAfterItsEvent(TestStack stack) {
    stack.seeder().accountPublicAccessBlock(true, true, true, true);
    String name = TestStack.uniqueBucketName("account-events");
    ChangeEventQueue queue = running.queue();
    OperatorUnderTest operator = running.operator();
    try {
      AccountPolicy policy = apply(stack, name);
      awaitPolicy(stack, name, p -> "True".equals(condition(p, "Ready").getStatus()));
      long writes = operator.awsWrites();

      stack.s3Control().deletePublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID));
      queue.publish(
          ChangeEventQueue.record("DeleteAccountPublicAccessBlock", Optional.empty(), MALLORY));

      AccountPolicy drifted =
          awaitPolicy(stack, name, p -> "DriftDetected".equals(condition(p, "Ready").getReason()));
      assertThat(condition(drifted, "Ready").getStatus()).isEqualTo("True");
      Event event =
          await()
              .atMost(Policies.TIMEOUT)
              .until(
                  () ->
                      events(stack, name).stream()
                          .filter(e -> "DriftDetected".equals(e.getReason()))
                          .findFirst(),
                  Optional::isPresent)
              .orElseThrow();
      assertThat(event.getMessage())
          .startsWith("account " + TestStack.ACCOUNT_ID + ", publicAccessBlock: drift detected")
          .endsWith("(after DeleteAccountPublicAccessBlock by " + MALLORY + ")");
      await().until(() -> operator.changeEvents(queue.name(), "checked") == 1);
      assertThat(operator.awsWrites()).as("Audit never writes").isEqualTo(writes);
      stack.kubernetes().resource(policy).delete();
    } finally {
      stack.s3Control().deletePublicAccessBlock(r -> r.accountId(TestStack.ACCOUNT_ID));
    }
  }

  private static AccountPolicy apply(TestStack stack, String name) {
    return new AccountPolicies(stack.kubernetes())
        .apply(
            AccountPolicies.manifest(
                name, "mode: Audit\nresyncInterval: 24h\npublicAccessBlock: {}"));
  }

  private static AccountPolicy awaitPolicy(
      TestStack stack, String name, Predicate<AccountPolicy> condition) {
    return new AccountPolicies(stack.kubernetes()).awaitStatus(name, condition);
  }

  private static List<Event> events(TestStack stack, String policy) {
    return stack.kubernetes().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
