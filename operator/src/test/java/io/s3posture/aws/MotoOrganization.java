package io.s3posture.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;

/**
 * Moto's AWS Organization of its default account (the management account), through the same JSON
 * 1.1 client the operator uses: created once, member accounts created, removed and closed. The
 * organization is moto-wide state: callers hold {@code TestLocks.MOTO_ACCOUNT}.
 */
public final class MotoOrganization implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsClientFactory factory;
  private final AwsJsonClient organizations;
  private final SdkOrganizationGateway gateway;

  public MotoOrganization(URI endpoint, String region) {
    this.factory = new AwsClientFactory(List.of(), 3);
    this.organizations =
        factory.clientsFor(AwsTarget.of(region).withEndpoint(endpoint)).organizations();
    this.gateway = new SdkOrganizationGateway(organizations);
  }

  /** Creates the organization unless the account already has one (an earlier test made it). */
  public MotoOrganization ensureCreated() {
    try {
      gateway.managementAccountId();
    } catch (AwsFailure notInOne) {
      call("CreateOrganization", JSON.createObjectNode().put("FeatureSet", "ALL"));
    }
    return this;
  }

  /** A new member account (moto creates it at once); its ID. */
  public String createAccount(String name) {
    JsonNode status =
        call(
                "CreateAccount",
                JSON.createObjectNode()
                    .put("AccountName", name)
                    .put("Email", name + "@example.com"))
            .path("CreateAccountStatus");
    return status.path("AccountId").asText();
  }

  public void removeAccount(String accountId) {
    call("RemoveAccountFromOrganization", JSON.createObjectNode().put("AccountId", accountId));
  }

  public void closeAccount(String accountId) {
    call("CloseAccount", JSON.createObjectNode().put("AccountId", accountId));
  }

  public String managementAccountId() {
    return gateway.managementAccountId();
  }

  public List<OrganizationAccount> accounts() {
    return gateway.accounts();
  }

  private JsonNode call(String operation, ObjectNode body) {
    return organizations.json11(SdkOrganizationGateway.TARGET, operation, body);
  }

  @Override
  public void close() {
    factory.close();
  }
}
