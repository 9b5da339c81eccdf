package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountBudgetsTest {

  private final AccountBudgets budgets = new AccountBudgets(16, 8);

  @Test
  void aNewAccountStartsSmallAndGrowsWithEachSuccessUpToItsLimit() {
    assertThat(budgets.mayStart("a", 1, 0)).isTrue();
    assertThat(budgets.mayStart("a", AccountBudgets.START, 0)).isFalse();

    for (int i = 0; i < 5; i++) {
      budgets.succeeded("a");
    }
    assertThat(budgets.limit("a")).isEqualTo(AccountBudgets.START + 5);
    for (int i = 0; i < 100; i++) {
      budgets.succeeded("a");
    }
    assertThat(budgets.limit("a")).isEqualTo(16);
    assertThat(budgets.mayStart("a", 15, 0)).isTrue();
    assertThat(budgets.mayStart("a", 16, 0)).isFalse();
  }

  @Test
  void aFailingAccountRunsOneCheckAtATimeUntilOneSucceeds() {
    for (int i = 0; i < 20; i++) {
      budgets.succeeded("a");
    }
    budgets.failed("a");

    assertThat(budgets.failing("a")).isTrue();
    assertThat(budgets.mayStart("a", 0, 0)).isTrue();
    assertThat(budgets.mayStart("a", 1, 1)).isFalse();

    budgets.succeeded("a");
    assertThat(budgets.failing("a")).isFalse();
    assertThat(budgets.limit("a")).as("grows again from one").isEqualTo(2);
  }

  @Test
  void failingAccountsTogetherRunAtMostTheirShare() {
    budgets.failed("a");
    budgets.failed("b");

    assertThat(budgets.mayStart("b", 0, 7)).isTrue();
    assertThat(budgets.mayStart("b", 0, 8)).isFalse();
    assertThat(budgets.mayStart("healthy", 0, 8)).as("others are not limited by it").isTrue();
  }

  @Test
  void aSmallPerAccountLimitIsNeverExceededAtStart() {
    AccountBudgets one = new AccountBudgets(1, 1);

    assertThat(one.mayStart("a", 0, 0)).isTrue();
    assertThat(one.mayStart("a", 1, 0)).isFalse();
  }
}
