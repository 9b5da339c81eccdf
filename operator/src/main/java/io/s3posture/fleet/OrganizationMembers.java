package io.s3posture.fleet;

import io.s3posture.aws.OrganizationAccount;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which accounts of an AWS Organization an AccountPolicy checks, and as whom: the ACTIVE accounts
 * of a listing, minus the excluded ones and (unless included) the management account, each through
 * the role {@code memberRoleName} in it. Pure.
 */
public record OrganizationMembers(
    String memberRoleName,
    Optional<String> externalId,
    Set<String> excluded,
    boolean includeManagement) {

  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  public OrganizationMembers {
    Objects.requireNonNull(memberRoleName, "memberRoleName");
    Objects.requireNonNull(externalId, "externalId");
    excluded = Set.copyOf(excluded);
  }

  /** What a listing's accounts change: those that joined, and those that left. */
  public record Change(Set<String> joined, Set<String> left) {
    public Change {
      joined = Set.copyOf(new TreeSet<>(joined));
      left = Set.copyOf(new TreeSet<>(left));
    }

    public boolean isEmpty() {
      return joined.isEmpty() && left.isEmpty();
    }
  }

  /**
   * The accounts to check, sorted: ACTIVE (a suspended or closing account cannot be assumed into
   * and will leave), not excluded, the management account only when included. An entry that is not
   * a 12-digit ID is ignored (it cannot be addressed).
   */
  public List<String> select(List<OrganizationAccount> listed, String managementAccountId) {
    TreeSet<String> chosen = new TreeSet<>();
    for (OrganizationAccount account : listed) {
      if (account.active()
          && ACCOUNT_ID.matcher(account.id()).matches()
          && !excluded.contains(account.id())
          && (includeManagement || !account.id().equals(managementAccountId))) {
        chosen.add(account.id());
      }
    }
    return List.copyOf(chosen);
  }

  /** The accounts in {@code after} not in {@code before}, and the other way round. */
  public static Change diff(Collection<String> before, Collection<String> after) {
    TreeSet<String> joined = new TreeSet<>(after);
    joined.removeAll(before);
    TreeSet<String> left = new TreeSet<>(before);
    left.removeAll(after);
    return new Change(joined, left);
  }

  /** The role assumed in {@code accountId}, in the partition of {@code region}. */
  public String roleArn(String accountId, String region) {
    return "arn:" + partition(region) + ":iam::" + accountId + ":role/" + memberRoleName;
  }

  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }
}
