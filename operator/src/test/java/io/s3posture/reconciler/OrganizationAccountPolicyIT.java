package io.s3posture.reconciler;

import static io.s3posture.testing.AccountPolicies.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.s3posture.api.v1alpha1.AccountPolicy;
import io.s3posture.aws.MotoDetectionServices;
import io.s3posture.aws.MotoOrganization;
import io.s3posture.aws.OrganizationAccount;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.localstack.proxy.IssuedCredentials;
import io.s3posture.metrics.PostureMetrics;
import io.s3posture.testing.AccountPolicies;
import io.s3posture.testing.CommandResult;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.TestLocks;
import io.s3posture.testing.TestStack;
import io.s3posture.testing.ToolBinary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An AccountPolicy of an AWS Organization against moto's Organizations and STS, AWS through the
 * fault proxy: members are discovered and checked each through its member role, a member whose
 * AssumeRole is refused is a finding of that account only, members that join are checked at the
 * next check and members that leave (removed, closed) are dropped from status and metrics, and a
 * listing that fails keeps the members last listed.
 *
 * <p>Where moto differs from AWS: its STS assumes any role (no trust policy is evaluated, so the
 * refused role is refused by the fault proxy); it creates accounts at once (AWS's CreateAccount is
 * asynchronous); and the shared moto pins every request to one account (MOTO_ACCOUNT_ID), so a
 * member's S3 Control calls, which name the member's ID, are refused there. The policy checks
 * GuardDuty S3 Protection instead, a regional read that names no account, and the fault proxy shows
 * that each member's calls were signed with the credentials STS issued for its member role.
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
@ResourceLock(TestLocks.MOTO_ACCOUNT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationAccountPolicyIT {

  private static final String ROLE = "s3-posture-member";

  @RegisterExtension
  static final OperatorExtension running =
      OperatorExtension.forAccountPolicies().throughFaultProxy().build();

  private final TestStack stack = running.stack();
  private final AccountPolicies accountPolicies = new AccountPolicies(stack.kubernetes());
  private MotoOrganization organization;

  @BeforeAll
  void organization() {
    organization = new MotoOrganization(stack.moto().endpoint(), TestStack.REGION).ensureCreated();
  }

  @BeforeEach
  void guardDutyWatchesS3() {
    try (MotoDetectionServices services = detection()) {
      services.removeAll();
      services.guardDutyWithS3Protection();
    }
  }

  private MotoDetectionServices detection() {
    return new MotoDetectionServices(
        stack.moto().endpoint(),
        TestStack.REGION,
        TestStack.ACCOUNT_ID,
        stack.seeder().bucket("detection-logs"));
  }

  @AfterEach
  void noPolicies(FaultProxy proxy) {
    proxy.clearRules();
    try (MotoDetectionServices services = detection()) {
      services.removeAll();
    }
    accountPolicies.deleteAll();
  }

  @AfterAll
  void close() {
    organization.close();
  }

  @Test
  void membersAreDiscoveredCheckedEachOnItsOwnAndFollowTheOrganization(FaultProxy proxy) {
    String healthy = organization.createAccount("healthy");
    String other = organization.createAccount("other");
    String refused = organization.createAccount("refused");
    proxy.addRule(
        FaultRule.accessDenied()
            .onOperation("sts:AssumeRole")
            .onRole("arn:aws:iam::" + refused + ":role/" + ROLE));

    AccountPolicy policy =
        accountPolicies.apply(
            """
            apiVersion: s3posture.io/v1alpha1
            kind: AccountPolicy
            metadata: {name: org-it-members}
            spec:
              aws: {region: %s}
              organization: {memberRoleName: %s}
              detection:
                guardDutyS3Protection: {}
            """
                .formatted(TestStack.REGION, ROLE));
    Set<String> expected = activeMembers();
    assertThat(expected).contains(healthy, other, refused);
    assertThat(expected)
        .as("the management account is left out by default")
        .doesNotContain(organization.managementAccountId());
    policy = awaitAccounts(policy, expected.size(), 1);

    assertThat(policy.getStatus().organization().compliant()).isEqualTo(expected.size() - 1);
    assertThat(policy.getStatus().organization().failedAccounts()).containsExactly(refused);
    assertThat(policy.getStatus().findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(refused);
              assertThat(f.control()).isEqualTo("guardDutyS3Protection");
              assertThat(f.reason()).isEqualTo("AssumeRoleFailed");
            });
    assertThat(condition(policy, "Ready").getReason()).isEqualTo("ChecksFailed");
    assertThat(condition(policy, "Synced").getStatus())
        .as("the organization is listed: one member's failure is its finding")
        .isEqualTo("True");
    assertThat(kubectlGet("org-it-members", "-o", "wide"))
        .as("kubectl get -o wide: no ACCOUNT, the MEMBERS and FAILED MEMBERS counts")
        .matches(
            "(?s)NAME\\s+ACCOUNT\\s+MEMBERS\\s+MODE\\s+READY\\s+REASON\\s+AGE\\s+REGION\\s+"
                + "FAILED MEMBERS\\s+SYNCED.*\n"
                + "org-it-members\\s+"
                + expected.size()
                + "\\s+Enforce\\s+False\\s+ChecksFailed\\s+\\S+\\s+"
                + TestStack.REGION
                + "\\s+1\\s+True\\s.*");
    assertThat(signedAsMemberRole(proxy, healthy)).as("checked through its member role").isTrue();
    assertThat(signedAsMemberRole(proxy, other)).isTrue();
    assertThat(accountSeries(healthy)).isPositive();

    String joined = organization.createAccount("joined");
    policy = accountPolicies.checkNow(policy);
    policy = awaitAccounts(policy, expected.size() + 1, 1);
    assertThat(signedAsMemberRole(proxy, joined)).as("a member that joined is checked").isTrue();
    await("a MembersChanged event names the account that joined")
        .untilAsserted(
            () ->
                assertThat(membersChanged("org-it-members"))
                    .contains("organization members changed: 1 joined (" + joined + ")"));

    organization.removeAccount(other);
    organization.closeAccount(refused);
    policy = accountPolicies.checkNow(policy);
    policy = awaitAccounts(policy, expected.size() - 1, 0);

    assertThat(activeMembers()).doesNotContain(other, refused);
    assertThat(policy.getStatus().findings()).as("the refused member left").isNull();
    assertThat(condition(policy, "Ready").getReason()).isEqualTo("AllCompliant");
    assertThat(accountSeries(other)).as("a member that left has no series").isZero();
    assertThat(accountSeries(refused)).isZero();
    assertThat(accountSeries(joined)).isPositive();
    String left = String.join(", ", new TreeSet<>(Set.of(other, refused)));
    await("a MembersChanged event names the accounts that left")
        .untilAsserted(
            () ->
                assertThat(membersChanged("org-it-members"))
                    .contains("organization members changed: 2 left (" + left + ")"));
  }

  /**
   * The messages of the policy's MembersChanged events (a cluster-scoped policy's are in default).
   */
  private List<String> membersChanged(String policy) {
    return stack.kubernetes().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> policy.equals(e.getInvolvedObject().getName()))
        .filter(e -> "MembersChanged".equals(e.getReason()))
        .peek(e -> assertThat(e.getType()).isEqualTo("Normal"))
        .map(Event::getMessage)
        .toList();
  }

  @Test
  void aListingThatFailsKeepsTheMembersLastListedAndSaysSo(FaultProxy proxy) {
    organization.createAccount("steady");
    AccountPolicy policy =
        accountPolicies.apply(
            """
            apiVersion: s3posture.io/v1alpha1
            kind: AccountPolicy
            metadata: {name: org-it-listing}
            spec:
              aws: {region: %s}
              mode: Audit
              organization: {memberRoleName: %s}
              detection:
                guardDutyS3Protection: {}
            """
                .formatted(TestStack.REGION, ROLE));
    int known = activeMembers().size();
    policy = awaitAccounts(policy, known, 0);

    proxy.addRule(FaultRule.accessDenied().onOperation("organizations:ListAccounts"));
    organization.createAccount("unseen");
    policy = accountPolicies.checkNow(policy);

    assertThat(condition(policy, "Synced").getStatus()).isEqualTo("False");
    assertThat(condition(policy, "Synced").getReason()).isEqualTo("TargetsUnavailable");
    assertThat(condition(policy, "Synced").getMessage())
        .contains("could not be listed")
        .contains("ListAccounts");
    assertThat(policy.getStatus().organization().accounts())
        .as("the members last listed are kept and checked")
        .isEqualTo(known);

    proxy.clearRules();
    policy = accountPolicies.checkNow(policy);
    policy = awaitAccounts(policy, known + 1, 0);
    assertThat(condition(policy, "Synced").getStatus()).isEqualTo("True");
  }

  /**
   * What {@code kubectl get accountpolicies NAME ARGS} prints (the API server's printer columns).
   */
  private String kubectlGet(String name, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ToolBinary.require("kubectl").toString(),
                "--kubeconfig",
                stack.localStack().kubeconfig().toString(),
                "get",
                // the group too: other ITs install copies of the CRD under other groups
                "accountpolicies.s3posture.io",
                name));
    command.addAll(List.of(args));
    return CommandResult.run(Path.of("."), 60, command).successfulOutput();
  }

  private Set<String> activeMembers() {
    String management = organization.managementAccountId();
    Set<String> active = new TreeSet<>();
    for (OrganizationAccount account : organization.accounts()) {
      if (account.active() && !account.id().equals(management)) {
        active.add(account.id());
      }
    }
    return active;
  }

  private AccountPolicy awaitAccounts(AccountPolicy policy, int accounts, int failed) {
    return accountPolicies.awaitStatus(
        policy.getMetadata().getName(),
        p ->
            p.getStatus().organization() != null
                && p.getStatus().organization().accounts() == accounts
                && p.getStatus().organization().notChecked() == 0
                && p.getStatus().organization().failed() == failed
                && p.getStatus().lastCheckTime() != null);
  }

  /**
   * Whether the proxy saw STS issue credentials for the member's role and a GuardDuty call signed
   * with them.
   */
  private static boolean signedAsMemberRole(FaultProxy proxy, String accountId) {
    String role = "arn:aws:iam::" + accountId + ":role/" + ROLE;
    Set<String> keys = new TreeSet<>();
    for (IssuedCredentials issued : proxy.issuedCredentials()) {
      if (role.equals(issued.requestedRoleArn())) {
        keys.add(issued.accessKeyId());
      }
    }
    return proxy.accessKeysByOperation().entrySet().stream()
        .filter(byOperation -> byOperation.getKey().startsWith("guardduty:"))
        .anyMatch(byOperation -> byOperation.getValue().keySet().stream().anyMatch(keys::contains));
  }

  private int accountSeries(String accountId) {
    return running
        .operator()
        .registry()
        .find(PostureMetrics.ACCOUNT_CONTROL_STATE)
        .tag("account", accountId)
        .gauges()
        .size();
  }
}
