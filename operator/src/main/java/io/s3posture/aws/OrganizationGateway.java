package io.s3posture.aws;

import java.util.List;

/** An AWS Organization as its management (or delegated administrator) account sees it. */
public interface OrganizationGateway {

  /** Every account of the organization, whatever its status (ListAccounts, all pages). */
  List<OrganizationAccount> accounts();

  /** The management account's ID (DescribeOrganization). */
  String managementAccountId();
}
