package io.s3posture.changes;

import io.s3posture.aws.AwsTarget;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One SQS queue the operator receives change events from.
 *
 * @param name a short unique name: the {@code queue} metric label (defaults to the queue's name)
 * @param url the queue URL, e.g. {@code https://sqs.eu-west-1.amazonaws.com/111122223333/s3-events}
 * @param region the queue's region
 * @param roleArn a role to assume for the queue (another account's queue), or the default chain
 * @param externalId the ExternalId for that role
 * @param endpoint an SQS endpoint overriding AWS's (local stacks, tests)
 */
public record EventQueue(
    String name,
    URI url,
    String region,
    Optional<String> roleArn,
    Optional<String> externalId,
    Optional<URI> endpoint) {

  public EventQueue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** A queue with the default credential chain and AWS's endpoint. */
  public static EventQueue of(String name, URI url, String region) {
    return new EventQueue(name, url, region, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public EventQueue withEndpoint(URI uri) {
    return new EventQueue(name, url, region, roleArn, externalId, Optional.ofNullable(uri));
  }

  public EventQueue withRole(String arn, String external) {
    return new EventQueue(
        name, url, region, Optional.ofNullable(arn), Optional.ofNullable(external), endpoint);
  }

  /** Where and as whom the queue's SQS client talks to AWS. */
  public AwsTarget target() {
    return new AwsTarget(region, Optional.empty(), roleArn, externalId, endpoint);
  }
}
