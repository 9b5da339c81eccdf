package io.s3posture.fleet;

import io.s3posture.aws.AwsTarget;
import java.util.HashMap;
import java.util.Map;

/**
 * How many bucket checks each account may run at once, so that failing accounts cannot slow healthy
 * ones:
 *
 * <ul>
 *   <li>an account starts with {@link #START} and gains one with each check that succeeds, up to
 *       the per-account limit (an endpoint that never answers holds few workers before its first
 *       check fails);
 *   <li>an account whose last check failed transiently (unreachable, timing out, throttled) runs
 *       one check at a time until a check succeeds, and such failing accounts together run at most
 *       {@code failingTotal} checks.
 * </ul>
 *
 * Not thread-safe: {@link SubjectWorkQueue} calls it with its lock held.
 */
public final class AccountBudgets {

  /** Checks a new account may run at once before any has succeeded. */
  static final int START = 2;

  private static final class Budget {
    int limit;
    boolean failing;

    Budget(int limit) {
      this.limit = limit;
    }
  }

  private final int perAccount;
  private final int failingTotal;
  private final Map<String, Budget> budgets = new HashMap<>();

  AccountBudgets(int perAccount, int failingTotal) {
    if (perAccount < 1 || failingTotal < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.perAccount = perAccount;
    this.failingTotal = failingTotal;
  }

  /**
   * Whether one more check of {@code account} may start, with {@code running} of its checks and
   * {@code runningFailing} checks of failing accounts running.
   */
  boolean mayStart(String account, int running, int runningFailing) {
    Budget budget = budgets.get(account);
    if (budget == null) {
      return running < Math.min(START, perAccount);
    }
    if (budget.failing) {
      return running < 1 && runningFailing < failingTotal;
    }
    return running < budget.limit;
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

  /** A check of {@code account} failed transiently: one check at a time until one succeeds. */
  void failed(String account) {
    Budget budget = budgets.computeIfAbsent(account, a -> new Budget(1));
    budget.failing = true;
    budget.limit = 1;
  }

  /**
   * The budget a target's checks share: the account it reaches and as whom. A policy that assumes a
   * role (credentials that may fail) or uses another endpoint never shares a budget with one that
   * does not.
   */
  public static String keyOf(AwsTarget target) {
    return GovernedPolicy.endpointOf(target)
        + "/"
        + target.accountId().orElse("default")
        + target.roleArn().map(role -> "/" + role).orElse("");
  }

  /** The checks {@code account} may run at once now. */
  int limit(String account) {
    Budget budget = budgets.get(account);
    return budget == null ? Math.min(START, perAccount) : budget.limit;
  }
}
