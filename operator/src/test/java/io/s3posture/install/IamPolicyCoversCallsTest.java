package io.s3posture.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsResponse;

/**
 * docs/iam-policy.json grants exactly the IAM actions of the AWS calls the code makes, and the
 * read-only variant exactly their reads. The calls are read from the gateway sources, so a new call
 * without a mapping here, or without its action in the policy, fails this test.
 */
class IamPolicyCoversCallsTest {

  private static final Path AWS_SOURCES = Path.of("src/main/java/io/s3posture/aws");
  private static final Path POLICY = Path.of("../docs/iam-policy.json");
  private static final Path READ_ONLY_POLICY = Path.of("../docs/iam-policy-readonly.json");

  /**
   * API operation (service:Operation) → the IAM actions it needs. IAM names differ from API names;
   * checked against AWS's "Required permissions for Amazon S3 API operations".
   */
  private static final Map<String, Set<String>> IAM_ACTIONS =
      Map.ofEntries(
          Map.entry("s3:ListBuckets", Set.of("s3:ListAllMyBuckets")),
          Map.entry("s3:GetBucketLocation", Set.of("s3:GetBucketLocation")),
          Map.entry("s3:GetBucketTagging", Set.of("s3:GetBucketTagging")),
          Map.entry("s3:GetPublicAccessBlock", Set.of("s3:GetBucketPublicAccessBlock")),
          Map.entry("s3:PutPublicAccessBlock", Set.of("s3:PutBucketPublicAccessBlock")),
          Map.entry("s3:GetBucketEncryption", Set.of("s3:GetEncryptionConfiguration")),
          Map.entry("s3:PutBucketEncryption", Set.of("s3:PutEncryptionConfiguration")),
          Map.entry("s3:GetBucketVersioning", Set.of("s3:GetBucketVersioning")),
          Map.entry("s3:PutBucketVersioning", Set.of("s3:PutBucketVersioning")),
          Map.entry("s3:GetObjectLockConfiguration", Set.of("s3:GetBucketObjectLockConfiguration")),
          Map.entry("s3:PutObjectLockConfiguration", Set.of("s3:PutBucketObjectLockConfiguration")),
          Map.entry("s3:GetBucketReplication", Set.of("s3:GetReplicationConfiguration")),
          Map.entry(
              "s3:PutBucketReplication", Set.of("s3:PutReplicationConfiguration", "iam:PassRole")),
          Map.entry("s3:GetBucketLifecycleConfiguration", Set.of("s3:GetLifecycleConfiguration")),
          Map.entry("s3:PutBucketLifecycleConfiguration", Set.of("s3:PutLifecycleConfiguration")),
          Map.entry("s3:GetBucketPolicy", Set.of("s3:GetBucketPolicy")),
          Map.entry("s3:PutBucketPolicy", Set.of("s3:PutBucketPolicy")),
          Map.entry("s3:GetBucketAcl", Set.of("s3:GetBucketAcl")),
          Map.entry("s3:PutBucketAcl", Set.of("s3:PutBucketAcl")),
          Map.entry("s3:GetBucketOwnershipControls", Set.of("s3:GetBucketOwnershipControls")),
          Map.entry("s3:PutBucketOwnershipControls", Set.of("s3:PutBucketOwnershipControls")),
          Map.entry("s3:GetBucketLogging", Set.of("s3:GetBucketLogging")),
          Map.entry("s3:PutBucketLogging", Set.of("s3:PutBucketLogging")),
          Map.entry("s3:GetBucketWebsite", Set.of("s3:GetBucketWebsite")),
          Map.entry("s3:DeleteBucketWebsite", Set.of("s3:DeleteBucketWebsite")),
          Map.entry("s3control:GetPublicAccessBlock", Set.of("s3:GetAccountPublicAccessBlock")),
          Map.entry("s3control:PutPublicAccessBlock", Set.of("s3:PutAccountPublicAccessBlock")),
          Map.entry("s3control:ListAccessPoints", Set.of("s3:ListAccessPoints")),
          Map.entry("s3control:GetAccessPoint", Set.of("s3:GetAccessPoint")),
          Map.entry("s3control:GetAccessPointPolicy", Set.of("s3:GetAccessPointPolicy")),
          Map.entry(
              "s3control:ListMultiRegionAccessPoints", Set.of("s3:ListMultiRegionAccessPoints")),
          Map.entry(
              "s3control:GetMultiRegionAccessPointPolicy",
              Set.of("s3:GetMultiRegionAccessPointPolicy")),
          Map.entry("sts:AssumeRole", Set.of("sts:AssumeRole")),
          // detection services: IAM names are the API names
          Map.entry("cloudtrail:DescribeTrails", Set.of("cloudtrail:DescribeTrails")),
          Map.entry("cloudtrail:GetTrailStatus", Set.of("cloudtrail:GetTrailStatus")),
          Map.entry("cloudtrail:GetEventSelectors", Set.of("cloudtrail:GetEventSelectors")),
          Map.entry(
              "config:DescribeConfigurationRecorders",
              Set.of("config:DescribeConfigurationRecorders")),
          Map.entry(
              "config:DescribeConfigurationRecorderStatus",
              Set.of("config:DescribeConfigurationRecorderStatus")),
          Map.entry("guardduty:ListDetectors", Set.of("guardduty:ListDetectors")),
          Map.entry("guardduty:GetDetector", Set.of("guardduty:GetDetector")),
          Map.entry("macie2:GetMacieSession", Set.of("macie2:GetMacieSession")),
          // AccountPolicy spec.organization: the member accounts and the management account
          Map.entry("organizations:ListAccounts", Set.of("organizations:ListAccounts")),
          Map.entry(
              "organizations:DescribeOrganization", Set.of("organizations:DescribeOrganization")),
          // change events (docs/events.md); DeleteMessageBatch is authorised as sqs:DeleteMessage
          Map.entry("sqs:ReceiveMessage", Set.of("sqs:ReceiveMessage")),
          Map.entry("sqs:DeleteMessageBatch", Set.of("sqs:DeleteMessage")),
          Map.entry("sqs:ChangeMessageVisibilityBatch", Set.of("sqs:ChangeMessageVisibility")),
          // AWS lets every identity call GetCallerIdentity: no IAM action to grant
          Map.entry("sts:GetCallerIdentity", Set.of()));

  /** The operation names SdkS3Gateway passes to call/run/read (also used in metrics and errors). */
  private static final Pattern NAMED_OPERATION =
      Pattern.compile("\\b(?:call|run|read)\\(\\s*\"(\\w+)\"");

  /**
   * SdkDetectionGateway names each call {@code call("service", "Operation", ...)} or {@code
   * readOrNotEnabled("service", "Operation", ...)}.
   */
  private static final Pattern DETECTION_OPERATION =
      Pattern.compile("\\b(?:call|readOrNotEnabled)\\(\\s*\"([\\w-]+)\",\\s*\"(\\w+)\"");

  /** The operations AwsJsonClient sends: {@code json11(TARGET, "Op"}, {@code restGet("Op"}. */
  private static Pattern jsonCall(String client) {
    return Pattern.compile(
        "\\b" + client + "\\s*\\.\\s*(?:json11\\(\\s*\\w+,|restGet\\()\\s*\"(\\w+)\"");
  }

  /** A method called on a client field: {@code s3.getBucketPolicy(}, {@code s3Control.put...(}. */
  private static Pattern clientCall(String field) {
    return Pattern.compile("\\b" + field + "\\s*\\.\\s*(\\w+)\\(");
  }

  @Test
  void everyOperationTheCodeCallsHasAnIamMapping() throws IOException {
    assertThat(calledOperations())
        .as("operations called in %s", AWS_SOURCES)
        .isNotEmpty()
        .allSatisfy(
            op ->
                assertThat(IAM_ACTIONS)
                    .as("IAM actions for %s: add it to IAM_ACTIONS and to docs/iam-policy.json", op)
                    .containsKey(op));
  }

  @Test
  void theNamedOperationsAreTheSdkCallsSdkS3GatewayMakes() throws IOException {
    String source = Files.readString(AWS_SOURCES.resolve("SdkS3Gateway.java"));
    Set<String> sdkCalls =
        matches(clientCall("s3"), source).stream()
            .filter(method -> !method.equals("serviceClientConfiguration"))
            .map(method -> method.replace("Paginator", ""))
            .map(IamPolicyCoversCallsTest::pascal)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(matches(NAMED_OPERATION, source))
        .as("every S3 call goes through call/run/read with its API operation name")
        .containsExactlyInAnyOrderElementsOf(sdkCalls);
  }

  @Test
  void theNamedAccessPointOperationsAreTheS3ControlCallsSdkAccessPointsMakes() throws IOException {
    String source = Files.readString(AWS_SOURCES.resolve("SdkAccessPoints.java"));
    Set<String> sdkCalls =
        matches(clientCall("s3Control"), source).stream()
            .map(IamPolicyCoversCallsTest::pascal)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(matches(Pattern.compile("\\b(?:call|optional)\\(\\s*\"(\\w+)\""), source))
        .as("every access-point call is named with its API operation")
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(sdkCalls);
  }

  @Test
  void theNamedDetectionOperationsAreTheCallsSdkDetectionGatewayMakes() throws IOException {
    String source = Files.readString(AWS_SOURCES.resolve("SdkDetectionGateway.java"));
    Set<String> calls = new TreeSet<>();
    matches(Pattern.compile("\\.\\s*(\\w+)\\("), source).stream()
        .filter(IamPolicyCoversCallsTest::isCloudTrailOperation)
        .forEach(method -> calls.add("cloudtrail:" + pascal(method)));
    matches(jsonCall("config"), source).forEach(op -> calls.add("config:" + op));
    matches(jsonCall("guardDuty"), source).forEach(op -> calls.add("guardduty:" + op));
    matches(jsonCall("macie"), source).forEach(op -> calls.add("macie2:" + op));
    assertThat(detectionOperations(source))
        .as("every detection call goes through call/readOrNotEnabled(service, operation, ...)")
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(calls);
  }

  @Test
  void thePolicyGrantsExactlyTheActionsOfTheCalls() throws IOException {
    Set<String> needed = new TreeSet<>();
    calledOperations().forEach(op -> needed.addAll(IAM_ACTIONS.getOrDefault(op, Set.of())));
    assertThat(actions(POLICY))
        .as("docs/iam-policy.json: every action a call needs, and nothing more")
        .containsExactlyInAnyOrderElementsOf(needed);
  }

  @Test
  void theReadOnlyPolicyGrantsEveryReadAndNoWrite() throws IOException {
    Set<String> reads = new TreeSet<>();
    calledOperations().stream()
        .filter(op -> isRead(op.substring(op.indexOf(':') + 1)))
        .forEach(op -> reads.addAll(IAM_ACTIONS.get(op)));
    Set<String> readOnly = actions(READ_ONLY_POLICY);
    assertThat(readOnly).as("reads").containsAll(reads);
    assertThat(readOnly)
        .as("docs/iam-policy-readonly.json must only read")
        .allSatisfy(
            action ->
                assertThat(action.substring(action.indexOf(':') + 1))
                    .matches("(Get|List|Describe)\\w+|AssumeRole"))
        .doesNotContain("iam:PassRole");
  }

  @Test
  void policiesAreValidAndUseNoWildcardActions() throws IOException {
    for (Path file : new Path[] {POLICY, READ_ONLY_POLICY}) {
      JsonNode policy = new ObjectMapper().readTree(file.toFile());
      assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
      for (JsonNode statement : policy.path("Statement")) {
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        assertThat(statement.has("Resource")).as("%s: %s has a Resource", file, statement).isTrue();
      }
      assertThat(actions(file)).noneMatch(a -> a.contains("*"));
    }
  }

  /**
   * service:Operation for every AWS call: the gateways' S3, S3 Control, detection-service and SQS
   * calls, and STS.
   */
  private static Set<String> calledOperations() throws IOException {
    Set<String> operations = new TreeSet<>();
    String s3 = Files.readString(AWS_SOURCES.resolve("SdkS3Gateway.java"));
    matches(NAMED_OPERATION, s3).forEach(op -> operations.add("s3:" + op));
    operations.addAll(
        detectionOperations(Files.readString(AWS_SOURCES.resolve("SdkDetectionGateway.java"))));
    String account = Files.readString(AWS_SOURCES.resolve("SdkAccountGateway.java"));
    matches(clientCall("s3Control"), account)
        .forEach(method -> operations.add("s3control:" + pascal(method)));
    String accessPoints = Files.readString(AWS_SOURCES.resolve("SdkAccessPoints.java"));
    matches(clientCall("s3Control"), accessPoints)
        .forEach(method -> operations.add("s3control:" + pascal(method)));
    String organizations = Files.readString(AWS_SOURCES.resolve("SdkOrganizationGateway.java"));
    matches(NAMED_OPERATION, organizations).forEach(op -> operations.add("organizations:" + op));
    String sqs = Files.readString(AWS_SOURCES.resolve("SdkQueueGateway.java"));
    matches(clientCall("sqs"), sqs).stream()
        .filter(IamPolicyCoversCallsTest::isSqsOperation)
        .forEach(method -> operations.add("sqs:" + pascal(method)));
    try (var files = Files.list(AWS_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        matches(clientCall("sts"), source).stream()
            .filter(IamPolicyCoversCallsTest::isStsOperation)
            .forEach(method -> operations.add("sts:" + pascal(method)));
        if (source.contains("StsAssumeRoleCredentialsProvider.builder()")) {
          operations.add("sts:AssumeRole");
        }
      }
    }
    return operations;
  }

  private static Set<String> detectionOperations(String source) {
    Set<String> operations = new TreeSet<>();
    Matcher matcher = DETECTION_OPERATION.matcher(source);
    while (matcher.find()) {
      operations.add(matcher.group(1) + ":" + matcher.group(2));
    }
    return operations;
  }

  /** An API call of CloudTrailClient (it returns a response). */
  private static boolean isCloudTrailOperation(String method) {
    return Arrays.stream(CloudTrailClient.class.getMethods())
        .anyMatch(
            m ->
                m.getName().equals(method)
                    && CloudTrailResponse.class.isAssignableFrom(m.getReturnType()));
  }

  /** An API call of StsClient (it returns a response), not a builder or lifecycle method. */
  private static boolean isStsOperation(String method) {
    return Arrays.stream(StsClient.class.getMethods())
        .anyMatch(
            m ->
                m.getName().equals(method)
                    && StsResponse.class.isAssignableFrom(m.getReturnType()));
  }

  /** An API call of SqsClient (it returns a response). */
  private static boolean isSqsOperation(String method) {
    return Arrays.stream(SqsClient.class.getMethods())
        .anyMatch(
            m ->
                m.getName().equals(method)
                    && SqsResponse.class.isAssignableFrom(m.getReturnType()));
  }

  private static boolean isRead(String operation) {
    return operation.startsWith("Get")
        || operation.startsWith("List")
        || operation.startsWith("Describe");
  }

  private static Set<String> actions(Path policyFile) throws IOException {
    JsonNode policy = new ObjectMapper().readTree(policyFile.toFile());
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : policy.path("Statement")) {
      JsonNode action = statement.path("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(action.asText());
      }
    }
    return actions;
  }

  private static Set<String> matches(Pattern pattern, String source) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(source);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static String pascal(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1);
  }
}
