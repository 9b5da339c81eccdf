package io.s3posture.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@link OrganizationGateway} over AWS Organizations' JSON 1.1 API through {@link AwsJsonClient}
 * (the SDK's Organizations module is not among the artifacts this build uses).
 */
public final class SdkOrganizationGateway implements OrganizationGateway {

  static final String TARGET = "AWSOrganizationsV20161128";

  /** The most ListAccounts returns per page. */
  static final int PAGE = 20;

  /** A listing longer than this is an answer that never ends (a token that repeats). */
  private static final int MAX_PAGES = 10_000;

  private final AwsJsonClient organizations;

  public SdkOrganizationGateway(AwsJsonClient organizations) {
    this.organizations = Objects.requireNonNull(organizations, "organizations");
  }

  @Override
  public List<OrganizationAccount> accounts() {
    List<OrganizationAccount> accounts = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      ObjectNode request = JsonNodeFactory.instance.objectNode().put("MaxResults", PAGE);
      if (token != null) {
        request.put("NextToken", token);
      }
      JsonNode answer = call("ListAccounts", request);
      for (JsonNode account : answer.path("Accounts")) {
        accounts.add(
            new OrganizationAccount(
                account.path("Id").asText(),
                account.path("Name").asText(""),
                account.path("Status").asText("")));
      }
      token = answer.path("NextToken").asText(null);
      if (token == null || token.isEmpty()) {
        return accounts;
      }
      if (!tokens.add(token)) {
        throw new AwsFailure(
            FailureKind.MALFORMED_RESPONSE,
            "ListAccounts",
            null,
            "ListAccounts returned the same NextToken twice",
            null);
      }
    }
    throw new AwsFailure(
        FailureKind.MALFORMED_RESPONSE,
        "ListAccounts",
        null,
        "ListAccounts did not end after " + MAX_PAGES + " pages",
        null);
  }

  @Override
  public String managementAccountId() {
    return call("DescribeOrganization", JsonNodeFactory.instance.objectNode())
        .path("Organization")
        .path("MasterAccountId")
        .asText();
  }

  private JsonNode call(String operation, JsonNode request) {
    try {
      return organizations.json11(TARGET, operation, request);
    } catch (RuntimeException e) {
      throw AwsErrorClassifier.classify(operation, e);
    }
  }
}
