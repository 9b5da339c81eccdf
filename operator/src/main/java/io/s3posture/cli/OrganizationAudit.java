package io.s3posture.cli;

import io.s3posture.aws.AwsFailure;
import io.s3posture.aws.OrganizationGateway;
import io.s3posture.fleet.OrganizationMembers;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * {@code audit --organization-role NAME}: every ACTIVE member account of the AWS Organization the
 * audit's credentials (or {@code --role-arn}) can list, each audited as {@code audit} audits one
 * account, through the role NAME in it, one account after the other. A member that cannot be
 * audited (its role refused, its buckets unlisted) is that member's result and never stops the
 * others. The exit code is the worst of the members'.
 */
final class OrganizationAudit {

  private final AccountAudit account;

  OrganizationAudit(AccountAudit account) {
    this.account = Objects.requireNonNull(account, "account");
  }

  /** One member's audit. */
  record Member(String accountId, String roleArn, AccountAudit.Run run) {}

  /** The run's exit code (the worst member's) and the buckets checked in all. */
  record Outcome(int exitCode, int buckets) {}

  Outcome run(
      AuditConnection connection,
      AuditOptions.OrganizationOptions organization,
      ReportRenderer renderer,
      PrintStream out,
      PrintStream err) {
    OrganizationMembers members =
        new OrganizationMembers(
            organization.memberRole(),
            account.options().externalId(),
            new HashSet<>(organization.excludedAccounts()),
            organization.includeManagementAccount());
    List<String> accounts;
    try {
      OrganizationGateway gateway = connection.organizationGateway();
      accounts =
          members.select(
              gateway.accounts(),
              organization.includeManagementAccount() ? "" : gateway.managementAccountId());
    } catch (AwsFailure failure) {
      return new Outcome(
          AuditCommand.unableToRun(
              account, failure, "cannot list the organization's accounts: ", renderer, out, err),
          0);
    }
    List<Member> audited = new ArrayList<>();
    for (String id : accounts) {
      String roleArn = members.roleArn(id, connection.defaultRegion());
      audited.add(
          new Member(
              id, roleArn, audit(connection.member(id, roleArn, account.options().externalId()))));
    }
    new OrganizationOutput(renderer, account.options().output()).render(audited, out);
    out.flush();
    for (Member member : audited) {
      member
          .run()
          .verdict()
          .accessProblem()
          .ifPresent(
              problem ->
                  err.println("audit: account " + member.accountId() + ": no access: " + problem));
    }
    return new Outcome(
        audited.stream()
            .mapToInt(member -> member.run().verdict().exitCode())
            .max()
            .orElse(ExitCodePolicy.PASSED),
        audited.stream().mapToInt(member -> member.run().buckets()).sum());
  }

  private AccountAudit.Run audit(AuditConnection member) {
    try {
      return account.run(member);
    } catch (AccountAudit.BucketsUnlisted unlisted) {
      return account.failed(unlisted.failure(), "cannot list the buckets: ");
    }
  }
}
