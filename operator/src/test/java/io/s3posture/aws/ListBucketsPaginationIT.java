package io.s3posture.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.localstack.MotoServer;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.testing.BucketSeeder;
import io.s3posture.testing.TestStack;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/**
 * More buckets than one ListBuckets page, listed through the fault proxy's paginating front: moto
 * 5.2 cuts its answer at max-buckets without a continuation token, so without the front the
 * product's paginator (pages of 1,000) stops at 1,000. This class runs its own moto: 1,100 buckets
 * in the shared one would push other tests' buckets past moto's first (and only) page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListBucketsPaginationIT {

  private static final int BUCKETS = 1_100;
  private static final String EUROPE = "eu-west-1";

  private MotoServer moto;
  private FaultProxy proxy;
  private AwsClientFactory factory;
  private final Map<String, String> regions = new HashMap<>();

  @BeforeAll
  void fillAnAccount() throws Exception {
    moto = MotoServer.start(Path.of("target", "moto-pagination").toAbsolutePath());
    proxy = FaultProxy.start(moto.endpoint());
    factory = new AwsClientFactory(List.of(), 3);
    List<String> inUs = new ArrayList<>();
    List<String> inEurope = new ArrayList<>();
    for (int i = 0; i < BUCKETS; i++) {
      String name = String.format("page-%04d", i);
      boolean europe = i % 100 == 7;
      regions.put(name, europe ? EUROPE : TestStack.REGION);
      (europe ? inEurope : inUs).add(name);
    }
    seeder(TestStack.REGION).createAll(inUs);
    seeder(EUROPE).createAll(inEurope);
  }

  @AfterAll
  void stop() {
    factory.close();
    proxy.close();
    moto.close();
  }

  private BucketSeeder seeder(String region) {
    return new BucketSeeder(factory.clientsFor(AwsTarget.of(region).withEndpoint(moto.endpoint())));
  }

  private S3Client s3(String region, URI endpoint) {
    return factory.clientsFor(AwsTarget.of(region).withEndpoint(endpoint)).s3();
  }

  @Test
  void motoAloneStopsAtTheFirstPage() {
    List<BucketSummary> listed =
        new SdkS3Gateway(s3(TestStack.REGION, moto.endpoint()), Optional.empty())
            .listBuckets(Optional.empty());

    assertThat(listed).hasSize(1_000);
  }

  @Test
  void theSdkPaginatorSeesEveryPageThroughTheFront() {
    proxy.paginateListBuckets(true);
    proxy.resetCounts();

    List<ListBucketsResponse> pages =
        s3(TestStack.REGION, proxy.endpoint()).listBucketsPaginator(r -> r.maxBuckets(500)).stream()
            .toList();

    assertThat(pages).extracting(p -> p.buckets().size()).containsExactly(500, 500, 100);
    assertThat(pages.get(0).continuationToken()).isNotBlank();
    assertThat(pages.get(2).continuationToken()).isNull();
    Map<String, String> listed = new HashMap<>();
    pages.forEach(p -> p.buckets().forEach(b -> listed.put(b.name(), b.bucketRegion())));
    assertThat(listed).isEqualTo(regions);
    assertThat(proxy.counts().of("s3:ListBuckets")).isEqualTo(3);
  }

  @Test
  void theProductsGatewayListsTheWholeAccountWithRegions() {
    proxy.paginateListBuckets(true);
    proxy.resetCounts();

    List<BucketSummary> listed =
        new SdkS3Gateway(s3(TestStack.REGION, proxy.endpoint()), Optional.empty())
            .listBuckets(Optional.empty());

    assertThat(listed).hasSize(BUCKETS);
    assertThat(listed)
        .allSatisfy(b -> assertThat(b.region()).as(b.name()).contains(regions.get(b.name())));
    assertThat(proxy.counts().of("s3:ListBuckets")).as("pages of 1,000").isEqualTo(2);
  }

  @Test
  void prefixAndRegionFiltersPageToo() {
    proxy.paginateListBuckets(true);

    List<ListBucketsResponse> pages =
        s3(TestStack.REGION, proxy.endpoint())
            .listBucketsPaginator(r -> r.maxBuckets(4).prefix("page-0").bucketRegion(EUROPE))
            .stream()
            .toList();

    List<String> names =
        pages.stream().flatMap(p -> p.buckets().stream()).map(b -> b.name()).toList();
    assertThat(names)
        .containsExactly(
            "page-0007",
            "page-0107",
            "page-0207",
            "page-0307",
            "page-0407",
            "page-0507",
            "page-0607",
            "page-0707",
            "page-0807",
            "page-0907");
    assertThat(pages).hasSize(3);
    assertThat(pages).allSatisfy(p -> assertThat(p.prefix()).isEqualTo("page-0"));
  }
}
