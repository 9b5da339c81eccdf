package io.s3posture.localstack.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The paginating ListBuckets front in front of an upstream that answers like moto 5.2.1. */
class ListBucketsPaginationTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private FakeMoto moto;
  private FaultProxy proxy;

  @BeforeEach
  void start() {
    moto = new FakeMoto();
    // created out of name order, as moto keeps them: pages must come in name order
    for (int i = 24; i >= 0; i--) {
      moto.addBucket(String.format("app-%02d", i), i % 5 == 0 ? "eu-west-1" : "us-east-1");
    }
    moto.addBucket("zz-other", "ap-southeast-2");
    proxy = FaultProxy.start(moto.endpoint());
    proxy.paginateListBuckets(true);
  }

  @AfterEach
  void stop() {
    proxy.close();
    moto.close();
  }

  @Test
  void pagesInNameOrderWithRegionsAndTokensUntilTheLastPage() throws Exception {
    List<BucketListing> pages = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      String target = "/?max-buckets=10" + token.map(t -> "&continuation-token=" + t).orElse("");
      HttpResponse<byte[]> page = get(target);
      assertThat(page.statusCode()).isEqualTo(200);
      pages.add(BucketListing.parse(page.body()));
      token = continuationToken(new String(page.body()));
    } while (token.isPresent() && pages.size() < 10);

    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).buckets()).hasSize(10);
    assertThat(pages.get(2).buckets()).hasSize(6);
    List<String> names =
        pages.stream().flatMap(p -> p.buckets().stream()).map(BucketListing.Entry::name).toList();
    assertThat(names).hasSize(26).isSorted().doesNotHaveDuplicates();
    assertThat(pages.get(0).buckets().get(0))
        .isEqualTo(
            new BucketListing.Entry(
                "app-00", "2026-01-01T00:00:00.000Z", Optional.of("eu-west-1")));
    assertThat(pages.get(0).buckets().get(1).region()).contains("us-east-1");
    assertThat(pages.get(2).buckets().get(5).region()).contains("ap-southeast-2");
    assertThat(pages.get(0).ownerId()).isEqualTo("bcaf1ffd86f41161ca5fb16fd081034f");
    assertThat(moto.seen())
        .as("moto is always asked for the complete set, never for a page it would cut short")
        .noneMatch(r -> r.target().contains("max-buckets") || r.target().contains("continuation"));
    assertThat(moto.seen())
        .as("one listing: later pages come from the first page's snapshot")
        .filteredOn(r -> r.target().equals("/"))
        .hasSize(1);
  }

  @Test
  void aTokenWhoseSnapshotIsGoneContinuesFromAFreshListing() throws Exception {
    String token = new ListBucketsFront.Token(Optional.of(999L), "app-09").encode();

    BucketListing page =
        BucketListing.parse(get("/?max-buckets=2&continuation-token=" + token).body());

    assertThat(page.buckets())
        .extracting(BucketListing.Entry::name)
        .containsExactly("app-10", "app-11");
    assertThat(moto.seen()).extracting(FakeMoto.Seen::target).startsWith("/");
  }

  @Test
  void regionsAreLearntOnceWithAListingPerRegion() throws Exception {
    get("/?max-buckets=1000");
    int afterFirst = moto.seen().size();
    get("/?max-buckets=1000");

    // full listing + us-east-1, eu-west-1 ... ap-southeast-2 sweeps, then nothing more to learn
    assertThat(moto.seen().subList(0, afterFirst))
        .extracting(FakeMoto.Seen::target)
        .startsWith("/", "/?bucket-region=us-east-1")
        .contains("/?bucket-region=eu-west-1", "/?bucket-region=ap-southeast-2")
        .noneMatch(t -> t.contains("?location"));
    assertThat(moto.seen().subList(afterFirst, moto.seen().size()))
        .extracting(FakeMoto.Seen::target)
        .containsExactly("/");
  }

  @Test
  void prefixAndRegionFiltersGoToMotoAndThePrefixIsEchoed() throws Exception {
    HttpResponse<byte[]> answer = get("/?max-buckets=3&prefix=app-1&bucket-region=us-east-1");
    String xml = new String(answer.body());

    BucketListing listing = BucketListing.parse(answer.body());
    assertThat(listing.buckets())
        .extracting(BucketListing.Entry::name)
        .containsExactly("app-11", "app-12", "app-13");
    assertThat(listing.buckets()).allMatch(b -> b.region().equals(Optional.of("us-east-1")));
    assertThat(xml).contains("<Prefix>app-1</Prefix>").contains("<ContinuationToken>");
    assertThat(moto.seen().get(0).target()).isEqualTo("/?prefix=app-1&bucket-region=us-east-1");
  }

  @Test
  void withoutParametersEverythingComesInOnePage() throws Exception {
    String xml = new String(get("/").body());

    assertThat(BucketListing.parse(xml.getBytes()).buckets()).hasSize(26);
    assertThat(xml).doesNotContain("ContinuationToken").doesNotContain("<Prefix>");
  }

  @Test
  void aPrefixAloneGetsTheDefaultPageOfTenThousand() throws Exception {
    assertThat(BucketListing.parse(get("/?prefix=app-").body()).buckets()).hasSize(25);
  }

  @Test
  void badPageSizesAndTokensAreInvalidArguments() throws Exception {
    for (String target :
        List.of(
            "/?max-buckets=0",
            "/?max-buckets=10001",
            "/?max-buckets=ten",
            "/?continuation-token=not-a-token")) {
      HttpResponse<byte[]> answer = get(target);
      assertThat(answer.statusCode()).as(target).isEqualTo(400);
      assertThat(new String(answer.body())).as(target).contains("<Code>InvalidArgument</Code>");
    }
  }

  @Test
  void regionsOfBucketsCreatedThroughTheProxyNeedNoLookup() throws Exception {
    put(
        "/new-eu",
        "<CreateBucketConfiguration><LocationConstraint>eu-north-1"
            + "</LocationConstraint></CreateBucketConfiguration>");
    int before = moto.seen().size();

    BucketListing listing = BucketListing.parse(get("/?prefix=new-").body());

    assertThat(listing.buckets())
        .singleElement()
        .satisfies(b -> assertThat(b.region()).contains("eu-north-1"));
    assertThat(moto.seen().subList(before, moto.seen().size()))
        .extracting(FakeMoto.Seen::target)
        .containsExactly("/?prefix=new-");
  }

  @Test
  void turnedOffMotosAnswerPassesThrough() throws Exception {
    proxy.paginateListBuckets(false);

    BucketListing listing = BucketListing.parse(get("/?max-buckets=10").body());

    assertThat(listing.buckets()).hasSize(10);
    assertThat(listing.buckets().get(0).name()).isEqualTo("app-24");
    assertThat(listing.buckets().get(0).region()).isEmpty();
  }

  private static Optional<String> continuationToken(String xml) {
    int start = xml.indexOf("<ContinuationToken>");
    if (start < 0) {
      return Optional.empty();
    }
    int end = xml.indexOf("</ContinuationToken>");
    return Optional.of(xml.substring(start + "<ContinuationToken>".length(), end));
  }

  private HttpResponse<byte[]> get(String target) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.endpoint() + target)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private void put(String target, String body) throws IOException, InterruptedException {
    http.send(
        HttpRequest.newBuilder(URI.create(proxy.endpoint() + target))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
