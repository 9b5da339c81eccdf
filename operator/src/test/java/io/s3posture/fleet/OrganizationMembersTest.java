package io.s3posture.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.aws.OrganizationAccount;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganizationMembersTest {

  private static final String MANAGEMENT = "999988887777";

  private static final List<OrganizationAccount> LISTED =
      List.of(
          new OrganizationAccount("444455556666", "b", "ACTIVE"),
          new OrganizationAccount("111122223333", "a", "ACTIVE"),
          new OrganizationAccount(MANAGEMENT, "management", "ACTIVE"),
          new OrganizationAccount("222233334444", "closing", "PENDING_CLOSURE"),
          new OrganizationAccount("333344445555", "closed", "SUSPENDED"),
          new OrganizationAccount("555566667777", "sandbox", "ACTIVE"),
          new OrganizationAccount("not-an-id", "odd", "ACTIVE"));

  private static OrganizationMembers members(Set<String> excluded, boolean management) {
    return new OrganizationMembers("s3-posture-member", Optional.empty(), excluded, management);
  }

  @Test
  void activeAccountsSortedWithoutTheExcludedAndTheManagementAccount() {
    assertThat(members(Set.of("555566667777"), false).select(LISTED, MANAGEMENT))
        .containsExactly("111122223333", "444455556666");
  }

  @Test
  void theManagementAccountWhenIncluded() {
    assertThat(members(Set.of(), true).select(LISTED, MANAGEMENT))
        .containsExactly("111122223333", "444455556666", "555566667777", MANAGEMENT);
  }

  @Test
  void anEmptyOrganizationHasNoMembers() {
    assertThat(members(Set.of(), false).select(List.of(), MANAGEMENT)).isEmpty();
  }

  @Test
  void diffNamesAccountsThatJoinedAndLeft() {
    OrganizationMembers.Change change =
        OrganizationMembers.diff(
            List.of("111122223333", "444455556666"), List.of("444455556666", "555566667777"));

    assertThat(change.joined()).containsExactly("555566667777");
    assertThat(change.left()).containsExactly("111122223333");
    assertThat(OrganizationMembers.diff(List.of("1"), List.of("1")).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "us-east-1, arn:aws:iam::111122223333:role/s3-posture-member",
    "cn-north-1, arn:aws-cn:iam::111122223333:role/s3-posture-member",
    "us-gov-west-1, arn:aws-us-gov:iam::111122223333:role/s3-posture-member"
  })
  void theMemberRoleIsInTheRegionsPartition(String region, String arn) {
    assertThat(members(Set.of(), false).roleArn("111122223333", region)).isEqualTo(arn);
  }
}
