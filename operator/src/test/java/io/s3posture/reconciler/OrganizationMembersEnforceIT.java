package io.s3posture.reconciler;

import static io.s3posture.testing.AccountPolicies.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.aws.AwsClients;
import io.s3posture.testing.AccountPolicies;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.SeparateAccounts;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.s3control.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3control.model.S3ControlException;

/**
 * An AccountPolicy of an organization in Enforce mode against a moto of its own whose accounts are
 * apart, as in AWS: the operator turns each member account's Block Public Access on through the
 * member role, in that member's account, and leaves the management account (not a member it checks)
 * as it was. The shared moto cannot show this: it serves every request from one account.
 */
@ResourceLock(TestLocks.MOTO_ACCOUNT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationMembersEnforceIT {

  private static final String ROLE = "s3-posture-member";

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.forAccountPolicies().build();

  private final AccountPolicies accountPolicies = new AccountPolicies(running.stack().kubernetes());
  private SeparateAccounts accounts;
  private String open;
  private String partial;

  @BeforeAll
  void anOrganizationWhoseMembersDoNotBlockPublicAccess() {
    accounts = new SeparateAccounts("moto-organization-enforce", ROLE);
    open = accounts.createMember("open");
    partial = accounts.createMember("partial");
    new BucketSeeder(accounts.member(partial))
        .accountPublicAccessBlock(partial, true, false, true, false);
  }

  @AfterAll
  void stop() {
    accountPolicies.deleteAll();
    accounts.close();
  }

  /** The account's Block Public Access, read in that account; empty when it has none. */
  private Optional<PublicAccessBlockConfiguration> accountBlock(AwsClients in, String account) {
    try {
      return Optional.of(
          in.s3Control()
              .getPublicAccessBlock(r -> r.accountId(account))
              .publicAccessBlockConfiguration());
    } catch (S3ControlException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Test
  void eachMembersBlockPublicAccessIsTurnedOnInThatMemberAccount() {
    AccountPolicy policy =
        accountPolicies.apply(
            """
            apiVersion: s3posture.io/v1alpha1
            kind: AccountPolicy
            metadata: {name: org-it-enforce}
            spec:
              aws: {region: %s, endpoint: "%s"}
              mode: Enforce
              organization: {memberRoleName: %s}
              publicAccessBlock: {}
            """
                .formatted(TestStack.REGION, accounts.endpoint(), ROLE));

    policy =
        accountPolicies.awaitStatus(
            policy.getMetadata().getName(),
            p ->
                p.getStatus().organization() != null
                    && p.getStatus().organization().accounts() == 2
                    && p.getStatus().organization().compliant() == 2);

    assertThat(condition(policy, "Ready").getStatus()).isEqualTo("True");
    for (String account : List.of(open, partial)) {
      assertThat(accountBlock(accounts.member(account), account))
          .as("account %s, read as its member role", account)
          .hasValueSatisfying(
              block -> {
                assertThat(block.blockPublicAcls()).isTrue();
                assertThat(block.ignorePublicAcls()).isTrue();
                assertThat(block.blockPublicPolicy()).isTrue();
                assertThat(block.restrictPublicBuckets()).isTrue();
              });
    }
    assertThat(accountBlock(accounts.management(), accounts.managementAccountId()))
        .as("the management account is not a member the policy checks: left as it was")
        .isEmpty();
  }
}
