package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.aws.AwsTarget;
import io.s3posture.control.PolicyRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An organization's AccountPolicy in the index: it governs the members its ledger lists (in its
 * region), each reached through its own member role, with its own budget.
 */
class OrganizationPolicyIndexTest {

  private static final String REGION = "eu-west-1";
  private final PolicyIndex index = new PolicyIndex();

  private GovernedAccount organization(String name) {
    AccountPolicy resource = new AccountPolicy();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withUid(name).build());
    return new GovernedAccount(
        new PolicyRef("AccountPolicy", "", name, name),
        resource,
        AwsTarget.of(REGION).withRole("arn:aws:iam::999988887777:role/lister", null),
        List.of(),
        Duration.ofMinutes(10),
        Optional.of(
            new OrganizationMembers(
                "s3-posture-member", Optional.of("external"), Set.of(), false)));
  }

  @Test
  void governsTheMembersItsLedgerListsAndDropsThoseThatLeft() {
    GovernedAccount policy = organization("org");
    PolicyLedger ledger = index.put(policy, () -> new PolicyLedger(policy.ref(), Map.of()));
    AccountKey a = policy.member("111122223333");
    AccountKey b = policy.member("444455556666");

    assertThat(index.governing(a)).as("nothing listed yet").isEmpty();

    ledger.startSweep(List.of(a.accountId(), b.accountId()), Set.of(), Instant.EPOCH);
    assertThat(index.governing(a)).containsExactly(policy);
    assertThat(index.accounts(b.accountId())).containsExactly(b);
    assertThat(index.governing(new AccountKey(a.endpoint(), a.accountId(), "us-east-1")))
        .as("another region")
        .isEmpty();

    ledger.startSweep(List.of(b.accountId()), Set.of(), Instant.EPOCH);
    assertThat(index.governing(a)).as("left the organization").isEmpty();
    assertThat(index.accounts(a.accountId())).isEmpty();
  }

  @Test
  void eachMemberIsReachedThroughItsOwnRoleWithItsOwnBudget() {
    GovernedAccount policy = organization("org");

    AwsTarget a = policy.targetOf("111122223333");
    AwsTarget b = policy.targetOf("444455556666");

    assertThat(a.accountId()).contains("111122223333");
    assertThat(a.roleArn()).contains("arn:aws:iam::111122223333:role/s3-posture-member");
    assertThat(a.externalId()).contains("external");
    assertThat(AccountBudgets.keyOf(a)).isNotEqualTo(AccountBudgets.keyOf(b));
    assertThat(SubjectChecker.budgetOf(policy.member("111122223333"), policy))
        .isEqualTo(AccountBudgets.keyOf(a));
  }
}
