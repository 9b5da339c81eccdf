package io.s3posture.testing;

import io.s3posture.aws.AwsClientFactory;
import io.s3posture.aws.AwsClients;
import io.s3posture.aws.AwsTarget;
import io.s3posture.aws.MotoOrganization;
import io.s3posture.localstack.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A moto of its own whose accounts are apart, as in AWS, with an AWS Organization: members are
 * created in it, and clients act in a member account as the role {@code memberRole} there (moto's
 * STS assumes any role). The shared local stack's moto cannot do this: it serves every request from
 * one account.
 */
public final class SeparateAccounts implements AutoCloseable {

  private final String memberRole;
  private final MotoServer moto;
  private final AwsClientFactory clients = new AwsClientFactory(List.of(), 3);
  private final MotoOrganization organization;

  /** Starts moto in {@code target/<name>} and creates its organization. */
  public SeparateAccounts(String name, String memberRole) {
    this.memberRole = memberRole;
    this.moto = MotoServer.startWithSeparateAccounts(Path.of("target", name).toAbsolutePath());
    this.organization = new MotoOrganization(moto.endpoint(), TestStack.REGION).ensureCreated();
  }

  public URI endpoint() {
    return moto.endpoint();
  }

  public String managementAccountId() {
    return organization.managementAccountId();
  }

  /** A new member account of the organization; its ID. */
  public String createMember(String name) {
    return organization.createAccount(name);
  }

  /** Clients acting in {@code account} as its member role, as a person of that account would. */
  public AwsClients member(String account) {
    return clients.clientsFor(
        AwsTarget.of(TestStack.REGION)
            .withEndpoint(moto.endpoint())
            .withAccountId(account)
            .withRole("arn:aws:iam::" + account + ":role/" + memberRole, null));
  }

  /** Clients acting as the caller: the management account. */
  public AwsClients management() {
    return clients.clientsFor(AwsTarget.of(TestStack.REGION).withEndpoint(moto.endpoint()));
  }

  @Override
  public void close() {
    organization.close();
    clients.close();
    moto.close();
  }
}
