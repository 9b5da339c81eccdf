package io.s3posture.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.testing.StubHttpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * --all takes each bucket's region from ListBuckets' BucketRegion, as AWS returns it, and sends no
 * GetBucketLocation. moto's ListBuckets has no BucketRegion, so a stub on 127.0.0.1 answers AWS's
 * real ListAllMyBucketsResult XML (every other request: 404 NoSuchBucket).
 */
class AuditListingRegionTest {

  private static final String LIST_BUCKETS =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
        <Owner><ID>owner</ID><DisplayName>owner</DisplayName></Owner>
        <Buckets>
          <Bucket><Name>alpha-eu</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>eu-west-1</BucketRegion></Bucket>
          <Bucket><Name>beta-us</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>us-west-2</BucketRegion></Bucket>
        </Buckets>
      </ListAllMyBucketsResult>
      """;

  private static final String NO_SUCH_BUCKET =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>
      """;

  private StubHttpServer server;

  @BeforeEach
  void stub() {
    server =
        StubHttpServer.start(
            request -> {
              boolean listing = request.method().equals("GET") && request.path().equals("/");
              return new StubHttpServer.Response(
                  listing ? 200 : 404,
                  Map.of("Content-Type", "application/xml"),
                  (listing ? LIST_BUCKETS : NO_SUCH_BUCKET).strip());
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theListingsRegionsAreUsedWithoutGetBucketLocation() {
    AuditRun run =
        AuditRun.inProcess(
            "--all",
            "--endpoint",
            server.endpoint().toString(),
            "--account-id",
            "123456789012",
            "--output",
            "json");

    assertThat(run.bucket("alpha-eu").path("region").asText()).isEqualTo("eu-west-1");
    assertThat(run.bucket("beta-us").path("region").asText()).isEqualTo("us-west-2");
    List<String> requests =
        server.requests().stream().map(r -> r.method() + " " + r.path() + "?" + r.query()).toList();
    assertThat(requests).anyMatch(r -> r.startsWith("GET /?"));
    assertThat(requests).as("no GetBucketLocation").noneMatch(r -> r.contains("?location"));
    assertThat(requests).anyMatch(r -> r.startsWith("GET /alpha-eu?acl"));
  }
}
