package io.s3posture.fleet;

import io.s3posture.aws.AwsTarget;
import java.util.HashMap;
import java.util.Map;

/**
 * How many checks each account may run at once, so that neither failing accounts nor slow buckets
 * of one account slow the healthy ones:
 *
 * <ul>
 *   <li>an account never runs more than {@code perAccount} checks at once; it starts with {@link
 *       #START} and gains one with each check that succeeds (an endpoint that never answers holds
 *       few workers before its first check fails);
 *   <li>subjects expected to be slow share a few lanes of their account ({@link #slowLanes}): a
 *       policy whose buckets answer in 25 s holds those, and the account's other buckets keep the
 *       rest. A check that runs longer than the slow threshold counts as slow while it runs;
 *   <li>an account whose checks failed transiently and fast (throttled everywhere, unreachable,
 *       refused credentials) runs one check at a time, plus one slow lane, until a check succeeds;
 *       a check that fails after the slow threshold is its bucket's trouble, not the account's.
 *       Checks of failing accounts and slow checks together run at most {@code degradedTotal} at
 *       once across accounts (a failing account's one probe is not held back by its own slow
 *       checks).
 * </ul>
 *
 * Not thread-safe: {@link SubjectWorkQueue} calls it with its lock held.
 */
public final class AccountBudgets {

  /** Checks a new account may run at once before any has succeeded. */
  static final int START = 2;

  /**
   * An account's running checks.
   *
   * @param fast checks of subjects not known slow that have not yet run longer than the threshold
   * @param slow checks of slow subjects, and checks running longer than the threshold
   */
  record Running(int fast, int slow) {
    static final Running NONE = new Running(0, 0);

    int total() {
      return fast + slow;
    }
  }

  private static final class Budget {
    int limit;
    boolean failing;

    Budget(int limit) {
      this.limit = limit;
    }
  }

  private final int perAccount;
  private final int degradedTotal;
  private final Map<String, Budget> budgets = new HashMap<>();

  AccountBudgets(int perAccount, int degradedTotal) {
    if (perAccount < 1 || degradedTotal < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.perAccount = perAccount;
    this.degradedTotal = degradedTotal;
  }

  /**
   * Whether one more check of a subject of {@code account} may start.
   *
   * @param slow whether the subject is expected to be slow (see {@link SubjectWorkQueue})
   * @param degraded checks running now, across accounts, that are slow or of failing accounts
   */
  boolean mayStart(String account, boolean slow, Running running, int degraded) {
    if (running.total() >= perAccount) {
      return false;
    }
    if (slow) {
      return running.slow() < slowLanes(account) && degraded < degradedTotal;
    }
    if (failing(account)) {
      // its own slow checks do not take its one probe away: others' degraded work may
      return running.fast() < 1 && degraded - running.slow() < degradedTotal;
    }
    return running.fast() < limit(account);
  }

  boolean failing(String account) {
    Budget budget = budgets.get(account);
    return budget != null && budget.failing;
  }

  /** A check of {@code account} ended without a transient failure. */
  void succeeded(String account) {
    Budget budget = budgets.computeIfAbsent(account, a -> new Budget(Math.min(START, perAccount)));
    budget.failing = false;
    budget.limit = Math.min(perAccount, budget.limit + 1);
  }

  /**
   * A check of a subject of {@code account} that was not known slow failed transiently: the
   * account, not one bucket, is in trouble; one check at a time until one succeeds.
   */
  void failed(String account) {
    Budget budget = budgets.computeIfAbsent(account, a -> new Budget(1));
    budget.failing = true;
    budget.limit = 1;
  }

  /**
   * The budget a target's checks share: the endpoint and region it reaches, the account, and as
   * whom. A policy that assumes a role (credentials that may fail), uses another endpoint or
   * another region never shares a budget with one that does not.
   */
  public static String keyOf(AwsTarget target) {
    return GovernedPolicy.endpointOf(target)
        + "/"
        + target.region()
        + "/"
        + target.accountId().orElse("default")
        + target.roleArn().map(role -> "/" + role).orElse("");
  }

  /** The checks of fast or new subjects {@code account} may run at once now. */
  int limit(String account) {
    Budget budget = budgets.get(account);
    return budget == null ? Math.min(START, perAccount) : budget.limit;
  }

  /**
   * First checks one policy's sweep may run at once in {@code account}: all lanes but a quarter,
   * which stays for the account's other policies (a bucket is known slow only once checked). An
   * account with fewer than four lanes keeps none back: there a reserved lane would halve every
   * sweep after a restart, when each bucket's check is a first check again.
   */
  int firstChecksPerPolicy(String account) {
    return Math.max(1, perAccount - perAccount / 4);
  }

  /** The lanes slow subjects of {@code account} share: a quarter, one while it fails. */
  int slowLanes(String account) {
    return failing(account) ? 1 : Math.max(1, perAccount / 4);
  }
}
