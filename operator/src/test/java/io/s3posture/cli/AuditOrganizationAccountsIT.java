package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsClients;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.MotoOrganization;
import io.s3posture.localstack.MotoServer;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.TestStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code audit --organization-role} against a moto of its own whose accounts are apart, as in AWS:
 * each member has its own buckets and its own account-level Block Public Access, written with the
 * credentials STS issued for that member's role. The audit of each member sees that member's
 * buckets and settings only, so it acts in the member account, not in the account that listed the
 * organization.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditOrganizationAccountsIT {

  private static final String ROLE = "s3-posture-audit";

  private MotoServer moto;
  private AwsClientFactory clients;
  private String blocked;
  private String open;

  @BeforeAll
  void anOrganizationOfTwoMembersWithABucketEach() {
    moto =
        MotoServer.startWithSeparateAccounts(
            Path.of("target", "moto-organization-accounts").toAbsolutePath());
    clients = new AwsClientFactory(List.of(), 3);
    try (MotoOrganization organization =
        new MotoOrganization(moto.endpoint(), TestStack.REGION).ensureCreated()) {
      blocked = organization.createAccount("blocked");
      open = organization.createAccount("open");
    }
    AwsClients blockedMember = member(blocked);
    new BucketSeeder(blockedMember).create("blocked-member-data");
    blockedMember
        .s3Control()
        .putPublicAccessBlock(
            r ->
                r.accountId(blocked)
                    .publicAccessBlockConfiguration(
                        c ->
                            c.blockPublicAcls(true)
                                .ignorePublicAcls(true)
                                .blockPublicPolicy(true)
                                .restrictPublicBuckets(true)));
    new BucketSeeder(member(open)).create("open-member-data");
  }

  @AfterAll
  void stop() {
    clients.close();
    moto.close();
  }

  /** Clients that act in {@code account} as its member role, as a person of that account would. */
  private AwsClients member(String account) {
    return clients.clientsFor(
        AwsTarget.of(TestStack.REGION)
            .withEndpoint(moto.endpoint())
            .withAccountId(account)
            .withRole("arn:aws:iam::" + account + ":role/" + ROLE, null));
  }

  @Test
  void eachMemberIsAuditedInItsOwnAccount() {
    AuditRun run =
        AuditRun.jar(
            Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
            "--all",
            "--endpoint",
            moto.endpoint().toString(),
            "--region",
            TestStack.REGION,
            "--organization-role",
            ROLE,
            "--output",
            "json");

    JsonNode accounts = run.json().path("accounts");
    List<String> audited = new ArrayList<>();
    accounts.forEach(account -> audited.add(account.path("accountId").asText()));
    assertThat(audited)
        .as("the members, not the management account: " + run)
        .containsExactlyInAnyOrder(blocked, open);
    for (JsonNode account : accounts) {
      String id = account.path("accountId").asText();
      JsonNode report = account.path("report");
      assertThat(report.path("account").path("accountId").asText()).isEqualTo(id);
      JsonNode accountBlock =
          check(report.path("account").path("checks"), "accountPublicAccessBlock");
      if (id.equals(blocked)) {
        assertThat(report.path("buckets").findValuesAsText("name"))
            .containsExactly("blocked-member-data");
        assertThat(accountBlock.path("status").asText()).as(report.toString()).isEqualTo("pass");
      } else {
        assertThat(report.path("buckets").findValuesAsText("name"))
            .containsExactly("open-member-data");
        assertThat(accountBlock.path("status").asText()).as(report.toString()).isEqualTo("fail");
      }
    }
    assertThat(run.exitCode()).as("the open member's findings").isEqualTo(ExitCodePolicy.FINDINGS);
  }

  private static JsonNode check(JsonNode checks, String id) {
    for (JsonNode check : checks) {
      if (id.equals(check.path("id").asText())) {
        return check;
      }
    }
    throw new AssertionError("no check " + id + " in " + checks);
  }
}
