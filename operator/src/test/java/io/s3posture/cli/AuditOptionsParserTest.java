package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditOptionsParserTest {

  private final AuditOptionsParser parser = new AuditOptionsParser();

  @Test
  void defaults() {
    AuditOptions options = parser.parse(new String[] {"--bucket", "a"});

    assertThat(options.buckets()).containsExactly("a");
    assertThat(options.all()).isFalse();
    assertThat(options.output()).isEqualTo(OutputFormat.TABLE);
    assertThat(options.failOn()).as("the posture decides").isEmpty();
    assertThat(options.concurrency()).isEqualTo(64);
    assertThat(options.stats()).isFalse();
    assertThat(options.region()).isEmpty();
    assertThat(options.endpoint()).isEmpty();
  }

  @Test
  void everyOptionInBothSpellings() {
    AuditOptions options =
        parser.parse(
            new String[] {
              "--bucket",
              "a",
              "--bucket=b",
              "--policy",
              "p.yaml",
              "--region=eu-west-1",
              "--endpoint",
              "http://127.0.0.1:5000",
              "--profile",
              "audit",
              "--role-arn",
              "arn:aws:iam::123456789012:role/auditor",
              "--external-id",
              "x-1",
              "--account-id",
              "123456789012",
              "--output",
              "sarif",
              "--fail-on=high",
              "--concurrency",
              "16",
              "--stats",
              "--suppressions",
              "known.yaml",
              "--failures-only"
            });

    assertThat(options.buckets()).containsExactly("a", "b");
    assertThat(options.policyFile()).contains(Path.of("p.yaml"));
    assertThat(options.region()).contains("eu-west-1");
    assertThat(options.endpoint()).contains(URI.create("http://127.0.0.1:5000"));
    assertThat(options.profile()).contains("audit");
    assertThat(options.roleArn()).contains("arn:aws:iam::123456789012:role/auditor");
    assertThat(options.externalId()).contains("x-1");
    assertThat(options.accountId()).contains("123456789012");
    assertThat(options.output()).isEqualTo(OutputFormat.SARIF);
    assertThat(options.failOn()).contains(FailOn.HIGH);
    assertThat(options.concurrency()).isEqualTo(16);
    assertThat(options.stats()).isTrue();
    assertThat(options.suppressions()).contains(Path.of("known.yaml"));
    assertThat(options.failuresOnly()).isTrue();
  }

  @Test
  void aPolicyAloneSaysWhatToCheck() {
    AuditOptions options = parser.parse(new String[] {"--policy", "p.yaml"});

    assertThat(options.bucketsGiven()).isFalse();
    assertThat(options.policyFile()).isEqualTo(Optional.of(Path.of("p.yaml")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                       | say what to check: --bucket NAME, --all or --policy FILE",
        "--all --bucket a                         | --bucket and --all cannot be combined",
        "--bucket                                 | --bucket needs a value",
        "--bucket=                                | --bucket needs a value",
        "--all --colour                           | unknown option --colour",
        "--all --bukcet a                         | unknown option --bukcet (did you mean --bucket?)",
        "--all --fail-one high                    | unknown option --fail-one (did you mean --fail-on?)",
        "--all --stat                             | unknown option --stat (did you mean --stats?)",
        "--all extra                              | unexpected argument extra",
        "--all --region Europe                    | Europe is not an AWS region such as eu-west-1",
        "--all --region eu-west-1 --region us-east-1 | --region is given more than once",
        "--all --account-id 1234                  | --account-id must be a 12-digit AWS account id",
        "--all --external-id x                    | --external-id is only used with --role-arn",
        "--all --endpoint 127.0.0.1:5000          | --endpoint must be an http:// or https:// URL",
        "--all --output yaml                      | --output must be one of table|json|sarif, not yaml",
        "--all --fail-on severe                   | --fail-on must be one of low|medium|high|critical|none",
        "--all --concurrency 0                    | --concurrency must be a number from 1 to 64",
        "--all --concurrency 65                   | --concurrency must be a number from 1 to 64",
        "--all --concurrency many                 | --concurrency must be a number from 1 to 64",
        "--all --exclude-account 111122223333     | --exclude-account is only used with --organization-role",
        "--all --include-management-account       | --include-management-account is only used with --organization-role",
        "--all --organization-role arn:aws:iam::111122223333:role/x | --organization-role arn:aws:iam::111122223333:role/x is not an IAM role name",
        "--bucket b --organization-role member    | --bucket and --organization-role cannot be combined",
        "--all --account-id 111122223333 --organization-role member | --account-id and --organization-role cannot be combined",
        "--all --organization-role member --exclude-account 12 | --exclude-account must be a 12-digit AWS account id, not 12"
      })
  void rejectsWhatItCannotRunWith(String line, String message) {
    String[] args = line.isBlank() ? new String[0] : line.trim().split(" +");

    assertThatThrownBy(() -> parser.parse(args))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void anOrganizationAuditNamesTheMemberRoleAndWhomToLeaveOut() {
    AuditOptions options =
        parser.parse(
            new String[] {
              "--all",
              "--organization-role",
              "s3-posture-audit",
              "--exclude-account",
              "111122223333",
              "--exclude-account=444455556666",
              "--include-management-account",
              "--external-id",
              "audit-0f1e"
            });

    assertThat(options.organization())
        .contains(
            new AuditOptions.OrganizationOptions(
                "s3-posture-audit", List.of("111122223333", "444455556666"), true));
    assertThat(options.externalId()).as("for the member roles").contains("audit-0f1e");
    assertThat(parser.parse(new String[] {"--all"}).organization()).isEmpty();
  }

  @Test
  void helpWinsOverEverythingElse() {
    assertThat(AuditOptionsParser.wantsHelp(new String[] {"--all", "--help"})).isTrue();
    assertThat(AuditOptionsParser.wantsHelp(new String[] {"-h"})).isTrue();
    assertThat(AuditOptionsParser.wantsHelp(new String[] {"--all"})).isFalse();
    assertThat(AuditOptionsParser.USAGE).contains("--fail-on", "exit codes", "--version");
  }

  @Test
  void versionIsAskedForLikeHelp() {
    assertThat(AuditOptionsParser.wantsVersion(new String[] {"--version"})).isTrue();
    assertThat(AuditOptionsParser.wantsVersion(new String[] {"--all"})).isFalse();
  }
}
