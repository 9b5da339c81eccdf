package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3posture.aws.MotoOrganization;
import io.s3posture.aws.OrganizationAccount;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.localstack.proxy.IssuedCredentials;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code audit --organization-role}: every member account of moto's Organization audited through
 * its member role, through the fault proxy. A member whose AssumeRole is refused is that member's
 * error (exit 2) and the others are audited; an excluded member is not asked; an organization that
 * cannot be listed is a run that could not start.
 *
 * <p>Where moto differs from AWS: its STS assumes any role (the refused one is refused by the
 * proxy), and every request lands in one account (MOTO_ACCOUNT_ID), so each member lists the same
 * buckets; the proxy shows that each member's calls were signed with the credentials STS issued for
 * that member's role. The policy file checks a bucket control only: the baseline's account checks
 * name the member's ID, which moto's S3 Control refuses.
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
@ResourceLock(TestLocks.MOTO_ACCOUNT)
class AuditOrganizationIT {

  private static final String ROLE = "s3-posture-audit";

  private MotoOrganization organization;
  private String bucket;
  private Path policy;

  @BeforeEach
  void organizationAndABucket(TestStack stack, @TempDir Path dir) throws IOException {
    organization = new MotoOrganization(stack.moto().endpoint(), TestStack.REGION).ensureCreated();
    bucket = TestStack.uniqueBucketName("audit-org");
    BucketStates.compliant(stack.seeder(), bucket);
    policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata: {name: org-audit, namespace: platform}
        spec:
          aws: {region: %s}
          buckets:
            selector: {namePatterns: ["%s"]} # listed, as the member's role
          controls:
            publicAccessBlock: {}
        """
            .formatted(TestStack.REGION, bucket));
  }

  @AfterEach
  void close(FaultProxy proxy) {
    proxy.clearRules();
    organization.close();
  }

  private AuditRun audit(FaultProxy proxy, String... more) {
    String[] args = {
      "--policy",
      policy.toString(),
      "--endpoint",
      proxy.endpoint().toString(),
      "--organization-role",
      ROLE
    };
    return AuditRun.inProcess(AuditRun.concat(args, more));
  }

  @Test
  void everyMemberIsAuditedThroughItsRoleAndARefusedOneIsThatMembersError(FaultProxy proxy) {
    String healthy = organization.createAccount("audit-healthy");
    String refused = organization.createAccount("audit-refused");
    proxy.addRule(
        FaultRule.accessDenied()
            .onOperation("sts:AssumeRole")
            .onRole("arn:aws:iam::" + refused + ":role/" + ROLE));

    AuditRun run = audit(proxy, "--output", "json");

    JsonNode accounts = run.json().path("accounts");
    assertThat(accounts.findValuesAsText("accountId"))
        .as("every ACTIVE member but the management account, in order: " + run)
        .containsExactlyElementsOf(activeMembers());
    for (JsonNode account : accounts) {
      String id = account.path("accountId").asText();
      assertThat(account.path("roleArn").asText())
          .isEqualTo("arn:aws:iam::" + id + ":role/" + ROLE);
      JsonNode report = account.path("report");
      if (id.equals(refused)) {
        assertThat(report.path("exitCode").asInt()).isEqualTo(ExitCodePolicy.ERROR);
        assertThat(report.path("error").path("message").asText())
            .startsWith("cannot list the buckets: ")
            .contains(refused);
      } else {
        assertThat(report.path("error").isNull()).as(id + ": " + report).isTrue();
        assertThat(report.path("buckets").findValuesAsText("name")).containsExactly(bucket);
        assertThat(report.path("result").asText()).isEqualTo("pass");
      }
    }
    assertThat(run.json().path("exitCode").asInt()).isEqualTo(ExitCodePolicy.ERROR);
    assertThat(run.exitCode()).as("the worst member's").isEqualTo(ExitCodePolicy.ERROR);
    assertThat(run.stderr()).contains("audit: account " + refused + ": no access: ");
    assertThat(listedAs(proxy, healthy)).as("the member's buckets listed as its role").isTrue();
    assertThat(listedAs(proxy, refused)).isFalse();
  }

  @Test
  void anExcludedMemberIsNotAskedAndTheTableSaysHowTheOrganizationFared(FaultProxy proxy) {
    organization.createAccount("audit-kept");
    String excluded = organization.createAccount("audit-excluded");
    proxy.addRule(
        FaultRule.accessDenied()
            .onOperation("sts:AssumeRole")
            .onRole("arn:aws:iam::" + excluded + ":role/" + ROLE));
    List<String> audited = new ArrayList<>(activeMembers());
    audited.remove(excluded);

    AuditRun run = audit(proxy, "--exclude-account", excluded, "--stats");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodePolicy.PASSED);
    for (String account : audited) {
      assertThat(run.stdout())
          .contains("account " + account + " (arn:aws:iam::" + account + ":role/" + ROLE + ")");
    }
    assertThat(run.stdout()).doesNotContain(excluded);
    assertThat(run.stderr())
        .as("--stats counts every member's buckets")
        .contains("stats: buckets=" + audited.size() + " ");
    assertThat(run.stdout().strip().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo(
            "organization: "
                + audited.size()
                + " accounts audited: "
                + audited.size()
                + " passed, 0 failed, 0 could not be audited");

    AuditRun sarif = audit(proxy, "--exclude-account", excluded, "--output", "sarif");
    JsonNode runs = sarif.json().path("runs");
    assertThat(runs.size()).as("one SARIF run per member").isEqualTo(audited.size());
    assertThat(runs.findValuesAsText("id"))
        .containsAll(audited.stream().map(a -> "s3posture/" + a + "/").toList());
  }

  @Test
  void anOrganizationThatCannotBeListedIsARunThatCouldNotStart(FaultProxy proxy) {
    organization.createAccount("audit-unlisted");
    proxy.addRule(FaultRule.accessDenied().onOperation("organizations:ListAccounts"));

    AuditRun run = audit(proxy, "--output", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCodePolicy.ERROR);
    assertThat(run.json().path("error").path("message").asText())
        .startsWith("cannot list the organization's accounts: ");
    assertThat(run.stderr()).contains("cannot list the organization's accounts: ");
    assertThat(proxy.counts().of("sts:AssumeRole")).as("no member asked").isZero();
  }

  private List<String> activeMembers() {
    String management = organization.managementAccountId();
    Set<String> active = new TreeSet<>();
    for (OrganizationAccount account : organization.accounts()) {
      if (account.active() && !account.id().equals(management)) {
        active.add(account.id());
      }
    }
    return List.copyOf(active);
  }

  /** Whether the proxy saw ListBuckets signed with credentials STS issued for the member role. */
  private static boolean listedAs(FaultProxy proxy, String accountId) {
    String role = "arn:aws:iam::" + accountId + ":role/" + ROLE;
    Set<String> keys = new TreeSet<>();
    for (IssuedCredentials issued : proxy.issuedCredentials()) {
      if (role.equals(issued.requestedRoleArn())) {
        keys.add(issued.accessKeyId());
      }
    }
    return proxy.accessKeysByOperation().getOrDefault("s3:ListBuckets", Map.of()).keySet().stream()
        .anyMatch(keys::contains);
  }
}
