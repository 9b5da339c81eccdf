package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.AwsTarget;
import io.s3posture.fleet.AccountBudgets.Running;
import org.junit.jupiter.api.Test;

class AccountBudgetsTest {

  private final AccountBudgets budgets = new AccountBudgets(16, 8);

  private static Running fast(int n) {
    return new Running(n, 0);
  }

  @Test
  void aNewAccountStartsSmallAndGrowsWithEachSuccessUpToItsLimit() {
    assertThat(budgets.mayStart("a", false, fast(1), 0)).isTrue();
    assertThat(budgets.mayStart("a", false, fast(AccountBudgets.START), 0)).isFalse();

    for (int i = 0; i < 5; i++) {
      budgets.succeeded("a");
    }
    assertThat(budgets.limit("a")).isEqualTo(AccountBudgets.START + 5);
    for (int i = 0; i < 100; i++) {
      budgets.succeeded("a");
    }
    assertThat(budgets.limit("a")).isEqualTo(16);
    assertThat(budgets.mayStart("a", false, fast(15), 0)).isTrue();
    assertThat(budgets.mayStart("a", false, fast(16), 0)).isFalse();
  }

  @Test
  void aFailingAccountRunsOneCheckAtATimeUntilOneSucceeds() {
    for (int i = 0; i < 20; i++) {
      budgets.succeeded("a");
    }
    budgets.failed("a");

    assertThat(budgets.failing("a")).isTrue();
    assertThat(budgets.mayStart("a", false, fast(0), 0)).isTrue();
    assertThat(budgets.mayStart("a", false, fast(1), 1)).isFalse();
    assertThat(budgets.slowLanes("a")).as("and one slow lane").isEqualTo(1);

    budgets.succeeded("a");
    assertThat(budgets.failing("a")).isFalse();
    assertThat(budgets.limit("a")).as("grows again from one").isEqualTo(2);
  }

  @Test
  void failingAccountsAndSlowChecksTogetherRunAtMostTheirShare() {
    budgets.failed("a");
    budgets.failed("b");

    assertThat(budgets.mayStart("b", false, fast(0), 7)).isTrue();
    assertThat(budgets.mayStart("b", false, fast(0), 8)).isFalse();
    assertThat(budgets.mayStart("healthy", true, Running.NONE, 8)).isFalse();
    assertThat(budgets.mayStart("healthy", false, fast(0), 8))
        .as("fast subjects of healthy accounts are not limited by it")
        .isTrue();
  }

  @Test
  void aFailingAccountsOwnSlowChecksDoNotTakeItsOneProbeAway() {
    budgets.failed("a");

    assertThat(budgets.mayStart("a", false, new Running(0, 8), 8))
        .as("its own 8 slow checks fill the degraded total")
        .isTrue();
    assertThat(budgets.mayStart("a", false, new Running(0, 1), 9))
        .as("others' degraded work still limits it")
        .isFalse();
  }

  @Test
  void slowSubjectsShareAQuarterOfTheirAccountAndTheRestStaysForTheOthers() {
    for (int i = 0; i < 20; i++) {
      budgets.succeeded("a");
    }
    assertThat(budgets.slowLanes("a")).isEqualTo(4);
    assertThat(budgets.mayStart("a", true, new Running(0, 3), 3)).isTrue();
    assertThat(budgets.mayStart("a", true, new Running(0, 4), 4)).isFalse();
    assertThat(budgets.mayStart("a", false, new Running(11, 4), 4))
        .as("the fast lanes are the account's own")
        .isTrue();
    assertThat(budgets.mayStart("a", false, new Running(12, 4), 4))
        .as("never more than perAccount in all")
        .isFalse();
  }

  @Test
  void aPolicysFirstChecksLeaveAQuarterOfTheAccountToItsOtherPolicies() {
    assertThat(budgets.firstChecksPerPolicy("a")).isEqualTo(12);
    budgets.failed("a");
    assertThat(budgets.firstChecksPerPolicy("a")).as("failing or not").isEqualTo(12);
    assertThat(new AccountBudgets(4, 1).firstChecksPerPolicy("a")).isEqualTo(3);
    assertThat(new AccountBudgets(2, 1).firstChecksPerPolicy("a"))
        .as("too few lanes to keep one back: a restarted sweep uses both")
        .isEqualTo(2);
    assertThat(new AccountBudgets(1, 1).firstChecksPerPolicy("a")).isEqualTo(1);
  }

  @Test
  void aSmallPerAccountLimitIsNeverExceeded() {
    AccountBudgets one = new AccountBudgets(1, 1);

    assertThat(one.mayStart("a", false, Running.NONE, 0)).isTrue();
    assertThat(one.mayStart("a", false, fast(1), 0)).isFalse();
    assertThat(one.mayStart("a", true, fast(1), 0)).isFalse();
  }

  @Test
  void theBudgetIsPerEndpointRegionAccountAndRole() {
    AwsTarget ireland = AwsTarget.of("eu-west-1");
    AwsTarget virginia = AwsTarget.of("us-east-1");

    assertThat(AccountBudgets.keyOf(ireland)).isNotEqualTo(AccountBudgets.keyOf(virginia));
    assertThat(AccountBudgets.keyOf(ireland))
        .isEqualTo(AccountBudgets.keyOf(AwsTarget.of("eu-west-1")));
  }
}
