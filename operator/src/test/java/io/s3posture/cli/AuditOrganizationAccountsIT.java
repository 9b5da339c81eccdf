package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.SeparateAccounts;
import io.s3posture.testing.TestStack;
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

  private SeparateAccounts accounts;
  private String blocked;
  private String open;

  @BeforeAll
  void anOrganizationOfTwoMembersWithABucketEach() {
    accounts = new SeparateAccounts("moto-organization-accounts", ROLE);
    blocked = accounts.createMember("blocked");
    open = accounts.createMember("open");
    new BucketSeeder(accounts.member(blocked))
        .create("blocked-member-data")
        .accountPublicAccessBlock(blocked, true, true, true, true);
    new BucketSeeder(accounts.member(open)).create("open-member-data");
  }

  @AfterAll
  void stop() {
    accounts.close();
  }

  @Test
  void eachMemberIsAuditedInItsOwnAccount() {
    AuditRun run =
        AuditRun.jar(
            Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"),
            "--all",
            "--endpoint",
            accounts.endpoint().toString(),
            "--region",
            TestStack.REGION,
            "--organization-role",
            ROLE,
            "--output",
            "json");

    JsonNode members = run.json().path("accounts");
    List<String> audited = new ArrayList<>();
    members.forEach(member -> audited.add(member.path("accountId").asText()));
    assertThat(audited)
        .as("the members, not the management account: " + run)
        .containsExactlyInAnyOrder(blocked, open);
    for (JsonNode account : members) {
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
