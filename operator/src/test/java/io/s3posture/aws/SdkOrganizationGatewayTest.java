package io.s3posture.aws;

import static io.s3posture.aws.StubJsonServer.error;
import static io.s3posture.aws.StubJsonServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The organization gateway against a stub answering AWS Organizations' JSON 1.1 wire format: every
 * page of ListAccounts is read, errors are classified, and a listing that never ends is refused.
 * (moto serves Organizations too, see OrganizationAccountPolicyIT; its pages never repeat a token
 * and it never throttles, which AWS does.)
 */
class SdkOrganizationGatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final StubJsonServer stub = new StubJsonServer(List.of(), List.of(), 1);

  private final OrganizationGateway gateway = stub.organizationGateway("us-east-1");

  @BeforeEach
  void forget() {
    stub.reset();
  }

  @Test
  void readsEveryPageOfAccounts() throws Exception {
    stub.answer(
        "ListAccounts",
        ok(
            "{\"Accounts\":[{\"Id\":\"111122223333\",\"Name\":\"a\",\"Status\":\"ACTIVE\"}],"
                + "\"NextToken\":\"page-2\"}"),
        ok("{\"Accounts\":[{\"Id\":\"444455556666\",\"Name\":\"b\",\"Status\":\"SUSPENDED\"}]}"));

    assertThat(gateway.accounts())
        .containsExactly(
            new OrganizationAccount("111122223333", "a", "ACTIVE"),
            new OrganizationAccount("444455556666", "b", "SUSPENDED"));
    List<StubJsonServer.Request> requests = stub.requests("ListAccounts");
    assertThat(requests).hasSize(2);
    assertThat(JSON.readTree(requests.get(0).body()).path("MaxResults").asInt()).isEqualTo(20);
    assertThat(JSON.readTree(requests.get(0).body()).has("NextToken")).isFalse();
    assertThat(JSON.readTree(requests.get(1).body()).path("NextToken").asText())
        .isEqualTo("page-2");
    assertThat(requests.get(0).header("x-amz-target"))
        .contains("AWSOrganizationsV20161128.ListAccounts");
    assertThat(requests.get(0).signingService()).isEqualTo("organizations");
  }

  @Test
  void aTokenThatRepeatsIsAMalformedAnswerNotALoop() {
    stub.answer(
        "ListAccounts",
        ok("{\"Accounts\":[],\"NextToken\":\"again\"}"),
        ok("{\"Accounts\":[],\"NextToken\":\"again\"}"));

    assertThatThrownBy(gateway::accounts)
        .isInstanceOfSatisfying(
            AwsFailure.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE));
  }

  @Test
  void aRefusedListingIsAccessDeniedNamingTheOperation() {
    stub.answer(
        "ListAccounts",
        error(400, "AccessDeniedException", "You don't have permissions to access this resource."));

    assertThatThrownBy(gateway::accounts)
        .isInstanceOfSatisfying(
            AwsFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(FailureKind.ACCESS_DENIED);
              assertThat(f.getMessage()).contains("ListAccounts");
            });
  }

  @Test
  void theManagementAccountIsTheOrganizationsMaster() {
    stub.answer(
        "DescribeOrganization",
        "{\"Organization\":{\"Id\":\"o-abcdefghij\",\"MasterAccountId\":\"999988887777\"}}");

    assertThat(gateway.managementAccountId()).isEqualTo("999988887777");
  }
}
