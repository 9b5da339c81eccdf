package io.s3posture.bench;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.testing.OperatorUnderTest;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * One bucket in moto that the operator itself made compliant with every control, and moto's answer
 * to each read of it: what {@link FleetS3Stub} serves for every bucket of a benchmark fleet.
 */
final class TemplateBucket {

  /** An HTTP answer as moto gave it. */
  record Answer(int status, String contentType, String body) {}

  static final String NAME = "benchtemplatebucket";
  static final String LOGS = "bench-access-logs";
  static final String REPLICA = "bench-replica";
  static final String ROLE = "arn:aws:iam::123456789012:role/s3-replication";

  static final Answer SUSPENDED =
      new Answer(
          200,
          "application/xml",
          "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              + "<Status>Suspended</Status></VersioningConfiguration>");

  /** The controls a benchmark policy manages: three, or all of them. */
  static String controls(boolean all) {
    String three =
        """
        controls:
          publicAccessBlock: {}
          encryption: {algorithm: SSE-S3}
          versioning: {}
        """;
    if (!all) {
      return three;
    }
    return three
        + """
          objectLock: {}
          replication:
            role: %s
            rules:
              - {id: to-replica, priority: 1, destinationBucketArn: "arn:aws:s3:::%s"}
          tlsOnly: {}
          aclsDisabled: {}
          noPublicAcl: {}
          noPublicPolicy: {}
          websiteDisabled: {}
          accessLogging: {targetBucket: %s, targetPrefix: access/}
        """
            .formatted(ROLE, REPLICA, LOGS);
  }

  /** The sub-resources the operator reads (the query key of each GET). */
  private static final List<String> READS =
      List.of(
          "publicAccessBlock",
          "encryption",
          "versioning",
          "object-lock",
          "replication",
          "policy",
          "acl",
          "ownershipControls",
          "website",
          "logging",
          "tagging",
          "location");

  private final Map<String, Answer> answers;

  private TemplateBucket(Map<String, Answer> answers) {
    this.answers = answers;
  }

  /** The answer to reading {@code resource} of {@code bucket}. */
  Answer answer(String resource, String bucket) {
    Answer template = answers.get(resource);
    if (template == null) {
      return error(501, "NotImplemented", "the fleet stub does not serve ?" + resource);
    }
    return new Answer(
        template.status(), template.contentType(), template.body().replace(NAME, bucket));
  }

  static Answer error(int status, String code, String message) {
    return new Answer(
        status,
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code><Message>%s</Message></Error>"
            .formatted(code, message));
  }

  /**
   * Creates the template bucket (and the buckets its controls name) in moto, has an in-process
   * operator make it compliant with every control, and records moto's answers.
   */
  static TemplateBucket create(TestStack stack) throws Exception {
    stack
        .seeder()
        .create(NAME)
        .create(LOGS)
        .create(REPLICA)
        .versioning(REPLICA, BucketVersioningStatus.ENABLED)
        .logDeliveryTarget(LOGS);
    String namespace = stack.createNamespace("template");
    try (OperatorUnderTest operator = OperatorUnderTest.start(stack, Set.of(namespace))) {
      Policies policies = new Policies(stack.kubernetes(), operator);
      BucketPolicy policy =
          policies.apply(
              Policies.manifest(
                  namespace, "template", "buckets:\n  names: [" + NAME + "]\n" + controls(true)));
      policies.awaitStatus(
          policy, p -> p.getStatus().buckets() != null && p.getStatus().buckets().compliant() == 1);
      policies.delete(policy); // the benchmark's operator watches every namespace
    }
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Answer> answers = new TreeMap<>();
    for (String resource : READS) {
      URI uri = URI.create(stack.moto().endpoint() + "/" + NAME + "?" + resource);
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        answers.put(
            resource,
            new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse("application/xml"),
                response.body()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new TemplateBucket(answers);
  }
}
