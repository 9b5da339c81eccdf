package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.fleet.OrganizationMembers;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrganizationSweepsTest {

  @Test
  void aMembersChangedEventNamesTheAccountsInOrder() {
    assertThat(
            OrganizationSweeps.membersChanged(
                new OrganizationMembers.Change(
                    Set.of("222222222222", "111111111111"), Set.of("333333333333"))))
        .isEqualTo(
            "organization members changed: 2 joined (111111111111, 222222222222),"
                + " 1 left (333333333333)");
    assertThat(
            OrganizationSweeps.membersChanged(
                new OrganizationMembers.Change(Set.of(), Set.of("333333333333"))))
        .isEqualTo("organization members changed: 1 left (333333333333)");
  }

  @Test
  void aLargeChangeNamesTenAccountsAndCountsThemAll() {
    Set<String> joined =
        IntStream.range(0, 25)
            .mapToObj(i -> String.format("1000000000%02d", i))
            .collect(Collectors.toSet());

    String message =
        OrganizationSweeps.membersChanged(new OrganizationMembers.Change(joined, Set.of()));

    assertThat(message)
        .startsWith("organization members changed: 25 joined (100000000000, ")
        .endsWith("100000000009, …)");
  }
}
